/**
 * Cronofy's data centers. They are fully separate: a token belongs to exactly one of them,
 * so the data center is part of every queue key and the host always comes from this table,
 * never from anything a caller sent.
 */
export const DATA_CENTERS = {
  us: 'api.cronofy.com',
  uk: 'api-uk.cronofy.com',
  de: 'api-de.cronofy.com',
  au: 'api-au.cronofy.com',
  ca: 'api-ca.cronofy.com',
  sg: 'api-sg.cronofy.com',
} as const;

export type DataCenterId = keyof typeof DATA_CENTERS;

export const DATA_CENTER_IDS = Object.keys(DATA_CENTERS) as DataCenterId[];

export function isDataCenterId(value: string): value is DataCenterId {
  return Object.hasOwn(DATA_CENTERS, value);
}

/** The most entries Cronofy accepts in one `POST /v1/batch`. */
export const MAX_BATCH_ENTRIES = 50;
