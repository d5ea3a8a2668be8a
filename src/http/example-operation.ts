/** GraphiQL's first tab: several writes in one operation, so a newcomer sees them share one Cronofy call. */
export const EXAMPLE_OPERATION = `# Three writes in one operation reach Cronofy in one batch call.
# Each field gets its own answer: try an end before the start, or an unknown calendarId.
mutation PlanTheWeek {
  standup: upsertEvent(input: {
    calendarId: "cal_demo_work"
    eventId: "standup-monday"
    summary: "Stand-up"
    start: "2026-12-07T09:00:00Z"
    end: "2026-12-07T09:15:00Z"
  }) {
    __typename
    ... on UpsertEventSuccess { eventId status }
    ... on Error { message }
  }
  review: upsertEvent(input: {
    calendarId: "cal_demo_work"
    eventId: "review-friday"
    summary: "Sprint review"
    start: "2026-12-11T15:00:00+01:00"
    end: "2026-12-11T16:00:00+01:00"
    location: { description: "Board room" }
  }) {
    __typename
    ... on UpsertEventSuccess { eventId status }
    ... on ValidationError { message fieldErrors { field key description } }
    ... on Error { message }
  }
  focus: upsertAvailablePeriod(input: {
    availablePeriodId: "focus-tuesday"
    start: "2026-12-08T13:00:00Z"
    end: "2026-12-08T17:00:00Z"
  }) {
    __typename
    ... on UpsertAvailablePeriodSuccess { availablePeriodId status }
    ... on Error { message }
  }
}
`;
