import { describe, expect, it } from 'vitest';
import type { DemoPerson } from '../../../src/demo/demo-family.js';
import { generateDemoFamily } from '../../../src/demo/generate-family.js';
import { DEMO_PARENT_SUBJECT, demoIssuerAccounts } from '../../../src/demo/identity-provider.js';
import { parseSnils } from '../../../src/identity/snils.js';

const family = generateDemoFamily({ today: '2026-11-23' });

/** Everyone the family data names, one entry per enrollment for the children. */
function everyone(): [string, DemoPerson][] {
  return [
    ['parent', family.parent],
    ['grandmother', family.grandmother],
    ...family.children.map((child): [string, DemoPerson] => [child.key, child]),
  ];
}

describe('the demo family’s people', () => {
  it.each(everyone())('should give %s a SNILS that parseSnils accepts', (_key, person) => {
    expect(parseSnils(person.snils)).toEqual({ ok: true, digits: person.snils.replace(/\D/g, '') });
  });

  it('should describe the grandmother with a birth date in 1958, a phone and a SNILS of her own', () => {
    expect(family.grandmother).toEqual({
      firstName: 'Галина',
      lastName: 'Иванова',
      middleName: 'Петровна',
      birthDate: expect.stringMatching(/^1958-\d{2}-\d{2}$/),
      snils: expect.stringMatching(/^\d{3}-\d{3}-\d{3} \d{2}$/),
      phone: '+7 916 555-01-23',
    });
    const others = everyone()
      .filter(([key]) => key !== 'grandmother')
      .map(([, person]) => person.snils);
    expect(others).not.toContain(family.grandmother.snils);
  });

  it('should give the parent a phone different from the grandmother’s, and no child a phone', () => {
    expect(family.parent.phone).toBe('+7 916 555-01-22');
    expect(family.parent.phone).not.toBe(family.grandmother.phone);
    expect(family.children.filter((child) => child.phone !== undefined)).toEqual([]);
  });

  it('should hand out copies, so a caller changing its family cannot change the next one', () => {
    const first = generateDemoFamily({ today: '2026-11-23' });
    first.grandmother.phone = '+7 000 000-00-00';
    first.parent.phone = '+7 000 000-00-01';
    const second = generateDemoFamily({ today: '2026-11-23' });
    expect([second.grandmother.phone, second.parent.phone]).toEqual(['+7 916 555-01-23', '+7 916 555-01-22']);
  });

  it('should list each child once in the parent’s ESIA-style children claim, Полина of the region included', () => {
    const parent = demoIssuerAccounts(family).find((account) => account.subject === DEMO_PARENT_SUBJECT)!;
    expect(parent.claims.children).toEqual([
      expect.objectContaining({ given_name: 'Мария', birthdate: '22.04.2013' }),
      expect.objectContaining({ given_name: 'Артём', birthdate: '09.02.2017' }),
      expect.objectContaining({ given_name: 'Софья', birthdate: '03.10.2011' }),
      expect.objectContaining({ given_name: 'Лев', birthdate: '18.06.2015' }),
      {
        family_name: 'Иванова',
        given_name: 'Полина',
        middle_name: 'Олеговна',
        birthdate: '03.09.2018',
        snils: family.children.find((child) => child.key === 'polina')!.snils,
      },
    ]);
  });
});
