import { describe, expect, it } from 'vitest';
import { createDnevnikAdapter } from '../../adapters/dnevnik/index.js';
import { createEljurAdapter } from '../../adapters/eljur/index.js';
import { createMeshAdapter } from '../../adapters/mesh/index.js';
import { checkedTimeZone } from '../../src/domain/time-zones.js';
import { createFetchTransport } from '../../src/upstream/transport.js';

describe('checkedTimeZone', () => {
  it.each(['Europe/Moscow', 'Europe/Samara', 'Asia/Vladivostok', 'UTC'])(
    'should hand back the IANA zone %s',
    (zone) => {
      expect(checkedTimeZone(zone, 'ZONE')).toBe(zone);
    },
  );

  it.each(['Mars/Olympus', 'Moscow', ''])(
    'should refuse %j with a RangeError naming the setting and the zone',
    (zone) => {
      expect(() => checkedTimeZone(zone, 'createThing: timeZone')).toThrow(
        new RangeError(`createThing: timeZone "${zone}" is not an IANA time zone.`),
      );
    },
  );

  it('should make every adapter refuse an unknown zone when it is created, naming its own option', () => {
    const transport = createFetchTransport();
    expect(() => createMeshAdapter({ transport, timeZone: 'Mars/Olympus' })).toThrow(
      new RangeError('createMeshAdapter: timeZone "Mars/Olympus" is not an IANA time zone.'),
    );
    expect(() => createDnevnikAdapter({ transport, defaultTimeZone: 'Mars/Olympus' })).toThrow(
      new RangeError('createDnevnikAdapter: defaultTimeZone "Mars/Olympus" is not an IANA time zone.'),
    );
    const eljur = { transport, baseUrl: 'https://api.eljur.ru', devkey: 'devkey-1', vendor: 'school1' };
    expect(() => createEljurAdapter({ ...eljur, timeZone: 'Mars/Olympus' })).toThrow(
      new RangeError('createEljurAdapter: timeZone "Mars/Olympus" is not an IANA time zone.'),
    );
  });
});
