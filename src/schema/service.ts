import { createGraphQLError } from 'graphql-yoga';
import { DATA_CENTER_IDS, DATA_CENTERS, type DataCenterId, MAX_BATCH_ENTRIES } from '../cronofy/data-centers.js';
import { builder } from './builder.js';

const DataCenter = builder.objectRef<DataCenterId>('DataCenter').implement({
  description: "One of Cronofy's data centers; a token belongs to exactly one.",
  fields: (t) => ({
    id: t.string({ description: 'us, uk, de, au, ca or sg.', resolve: (id) => id }),
    host: t.string({ description: 'The API host.', resolve: (id) => DATA_CENTERS[id] }),
  }),
});

builder.queryFields((t) => ({
  batchLimit: t.int({
    description: 'The most writes Cronofy takes in one batch call. An operation with more is sent in ceil(n / batchLimit) calls.',
    resolve: () => MAX_BATCH_ENTRIES,
  }),
  dataCenter: t.field({
    type: DataCenter,
    description: 'The data center this service writes to for you: the Cronofy-Data-Center header, or the service default.',
    resolve: (_root, _args, { dataCenter }) => {
      if (typeof dataCenter !== 'string') throw createGraphQLError(dataCenter.problem, { extensions: { code: dataCenter.code } });
      return dataCenter;
    },
  }),
  dataCenters: t.field({ type: [DataCenter], description: "All of Cronofy's data centers.", resolve: () => DATA_CENTER_IDS }),
}));
