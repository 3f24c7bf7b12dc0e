import { describe, expect, it } from 'vitest';
import {
  LINK_OVERVIEW_PATH,
  relinkHref,
  tenantLinking,
  withReturnTo,
  type LinkTenant,
} from '../../web/src/manage/link-flows.js';

const eljur: LinkTenant = {
  id: 'eljur',
  provider: 'ELJUR',
  name: 'ЭлЖур',
  englishName: 'Eljur',
  linkFlows: [
    {
      kind: 'FORM',
      available: true,
      startPath: '/link/eljur?tenant=eljur',
      unavailableReason: null,
      unavailableReasonEnglish: null,
    },
    {
      kind: 'REDIRECT',
      available: true,
      startPath: '/link/eljur?tenant=eljur',
      unavailableReason: null,
      unavailableReasonEnglish: null,
    },
  ],
};

const closedDnevnik: LinkTenant = {
  id: 'dnevnik-ru',
  provider: 'DNEVNIK',
  name: 'Дневник.ру',
  englishName: 'Dnevnik.ru',
  linkFlows: [
    {
      kind: 'REDIRECT',
      available: false,
      startPath: null,
      unavailableReason: 'Не задан DNEVNIK_CLIENT_ID.',
      unavailableReasonEnglish: 'DNEVNIK_CLIENT_ID is not set.',
    },
  ],
};

describe('withReturnTo', () => {
  it('adds returnTo (encoded) after the parameters already there', () => {
    expect(withReturnTo('/link/mesh?tenant=mesh-moscow')).toBe('/link/mesh?tenant=mesh-moscow&returnTo=%2F%23manage');
  });

  it('works on a path without parameters and replaces a returnTo already there', () => {
    expect(withReturnTo('/link', '/')).toBe('/link?returnTo=%2F');
    expect(withReturnTo('/link/mesh?returnTo=%2Fold&tenant=x')).toBe('/link/mesh?returnTo=%2F%23manage&tenant=x');
  });

  it('comes back to #manage once URLSearchParams reads it back', () => {
    const href = withReturnTo('/link/dnevnik?tenant=dnevnik-ru');
    expect(new URL(href, 'http://gateway.test').searchParams.get('returnTo')).toBe('/#manage');
  });
});

describe('tenantLinking', () => {
  it('gives one link for flows that start at the same page, with both kinds', () => {
    expect(tenantLinking(eljur, 'ru')).toEqual({
      choices: [{ href: '/link/eljur?tenant=eljur&returnTo=%2F%23manage', kinds: ['FORM', 'REDIRECT'] }],
      reasons: [],
    });
  });

  it('names a kind once when two flows of it start at the same page', () => {
    const doubled: LinkTenant = { ...eljur, linkFlows: [...eljur.linkFlows, eljur.linkFlows[0]!] };
    expect(tenantLinking(doubled, 'en').choices.map((choice) => choice.kinds)).toEqual([['FORM', 'REDIRECT']]);
  });

  it('gives the reasons in the page’s language when no flow is available', () => {
    expect(tenantLinking(closedDnevnik, 'ru')).toEqual({ choices: [], reasons: ['Не задан DNEVNIK_CLIENT_ID.'] });
    expect(tenantLinking(closedDnevnik, 'en')).toEqual({ choices: [], reasons: ['DNEVNIK_CLIENT_ID is not set.'] });
  });

  it('says each reason once, and falls back to the other language', () => {
    const twice: LinkTenant = {
      ...closedDnevnik,
      linkFlows: [
        ...closedDnevnik.linkFlows,
        { ...closedDnevnik.linkFlows[0]!, kind: 'FORM', unavailableReasonEnglish: null },
      ],
    };
    expect(tenantLinking(twice, 'en').reasons).toEqual([
      'DNEVNIK_CLIENT_ID is not set.',
      'Не задан DNEVNIK_CLIENT_ID.',
    ]);
    expect(tenantLinking(twice, 'ru').reasons).toEqual(['Не задан DNEVNIK_CLIENT_ID.']);
  });
});

describe('relinkHref', () => {
  it('is the tenant’s link flow, coming back here', () => {
    expect(relinkHref('eljur', [closedDnevnik, eljur])).toBe('/link/eljur?tenant=eljur&returnTo=%2F%23manage');
  });

  it('is the gateway’s overview when the tenant is unknown, closed, or the list not loaded', () => {
    expect(relinkHref('mesh-moscow', [eljur])).toBe(LINK_OVERVIEW_PATH);
    expect(relinkHref('dnevnik-ru', [closedDnevnik])).toBe(LINK_OVERVIEW_PATH);
    expect(relinkHref('eljur', null)).toBe(LINK_OVERVIEW_PATH);
  });
});
