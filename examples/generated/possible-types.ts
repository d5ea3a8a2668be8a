
      export type PossibleTypesResultData = {
  "possibleTypes": {
    "BatchRequestResult": [
      "CronofyRequestError",
      "DeleteAllAvailablePeriodsSuccess",
      "DeleteAvailablePeriodSuccess",
      "DeleteEventSuccess",
      "DeleteExternalEventSuccess",
      "EditExternalEventSuccess",
      "UpsertAvailablePeriodSuccess",
      "UpsertEventSuccess",
      "ValidationError"
    ],
    "DeleteAllAvailablePeriodsResult": [
      "CronofyRequestError",
      "DeleteAllAvailablePeriodsSuccess",
      "ValidationError"
    ],
    "DeleteAvailablePeriodResult": [
      "CronofyRequestError",
      "DeleteAvailablePeriodSuccess",
      "ValidationError"
    ],
    "DeleteEventResult": [
      "CronofyRequestError",
      "DeleteEventSuccess",
      "ValidationError"
    ],
    "DeleteExternalEventResult": [
      "CronofyRequestError",
      "DeleteExternalEventSuccess",
      "ValidationError"
    ],
    "EditExternalEventResult": [
      "CronofyRequestError",
      "EditExternalEventSuccess",
      "ValidationError"
    ],
    "Error": [
      "CronofyRequestError",
      "ValidationError"
    ],
    "UpsertAvailablePeriodResult": [
      "CronofyRequestError",
      "UpsertAvailablePeriodSuccess",
      "ValidationError"
    ],
    "UpsertEventResult": [
      "CronofyRequestError",
      "UpsertEventSuccess",
      "ValidationError"
    ],
    "_Entity": [
      "AvailablePeriod",
      "CalendarEvent",
      "ExternalCalendarEvent"
    ]
  }
};
      const result: PossibleTypesResultData = {
  "possibleTypes": {
    "BatchRequestResult": [
      "CronofyRequestError",
      "DeleteAllAvailablePeriodsSuccess",
      "DeleteAvailablePeriodSuccess",
      "DeleteEventSuccess",
      "DeleteExternalEventSuccess",
      "EditExternalEventSuccess",
      "UpsertAvailablePeriodSuccess",
      "UpsertEventSuccess",
      "ValidationError"
    ],
    "DeleteAllAvailablePeriodsResult": [
      "CronofyRequestError",
      "DeleteAllAvailablePeriodsSuccess",
      "ValidationError"
    ],
    "DeleteAvailablePeriodResult": [
      "CronofyRequestError",
      "DeleteAvailablePeriodSuccess",
      "ValidationError"
    ],
    "DeleteEventResult": [
      "CronofyRequestError",
      "DeleteEventSuccess",
      "ValidationError"
    ],
    "DeleteExternalEventResult": [
      "CronofyRequestError",
      "DeleteExternalEventSuccess",
      "ValidationError"
    ],
    "EditExternalEventResult": [
      "CronofyRequestError",
      "EditExternalEventSuccess",
      "ValidationError"
    ],
    "Error": [
      "CronofyRequestError",
      "ValidationError"
    ],
    "UpsertAvailablePeriodResult": [
      "CronofyRequestError",
      "UpsertAvailablePeriodSuccess",
      "ValidationError"
    ],
    "UpsertEventResult": [
      "CronofyRequestError",
      "UpsertEventSuccess",
      "ValidationError"
    ],
    "_Entity": [
      "AvailablePeriod",
      "CalendarEvent",
      "ExternalCalendarEvent"
    ]
  }
};
      export default result;
    