/** The simulator's in-memory calendar state: what a real Cronofy account would hold. */

export interface ExternalEvent {
  body: Record<string, unknown>;
  /** Cronofy's `options.update` / `options.delete` flags. */
  canUpdate: boolean;
  canDelete: boolean;
}

export interface Calendar {
  id: string;
  /** Events created through the API, by the caller's `event_id`. */
  events: Map<string, Record<string, unknown>>;
  /** Events from elsewhere, by Cronofy's `event_uid`. */
  externalEvents: Map<string, ExternalEvent>;
}

export interface Account {
  accessToken: string;
  /** A token belongs to exactly one data center; sent to another, it is unknown there. */
  dataCenter: string;
  calendars: Map<string, Calendar>;
  availablePeriods: Map<string, Record<string, unknown>>;
  /** Elevated permissions are needed to edit or delete external events. */
  elevated: boolean;
  /** Available periods need the Emerging plan or higher. */
  plan: 'starter' | 'emerging';
  /** The access token has expired: calls get 401 until it is refreshed. */
  expired: boolean;
  /** When a token issued by `POST /oauth/token` stops working (epoch ms), if the simulator gives tokens a lifetime. */
  expiresAt?: number | undefined;
}

export interface AccountSeed {
  accessToken: string;
  /** Default `us`. */
  dataCenter?: string;
  calendarIds?: string[];
  /** `event_uid`s of external events to place in the first calendar. */
  externalEventUids?: string[];
  elevated?: boolean;
  plan?: 'starter' | 'emerging';
}

export function createAccount(seed: AccountSeed): Account {
  const calendarIds = seed.calendarIds ?? ['cal_primary'];
  const calendars = new Map(calendarIds.map((id) => [id, { id, events: new Map(), externalEvents: new Map() } satisfies Calendar]));
  const first = calendars.get(calendarIds[0]!);
  for (const uid of seed.externalEventUids ?? []) {
    first?.externalEvents.set(uid, { body: { summary: `External ${uid}` }, canUpdate: true, canDelete: true });
  }
  return {
    accessToken: seed.accessToken,
    dataCenter: seed.dataCenter ?? 'us',
    calendars,
    availablePeriods: new Map(),
    elevated: seed.elevated ?? true,
    plan: seed.plan ?? 'emerging',
    expired: false,
  };
}
