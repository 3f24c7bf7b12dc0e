/** Storage for the demo OpenID Connect issuer (`identity-provider.ts`): oidc-provider's records in memory. */
import type { Adapter, AdapterPayload } from 'oidc-provider';

/**
 * oidc-provider's storage, in this process's memory: what its own development adapter does, minus the
 * start-up warning that tells operators to replace it (the demo issuer is meant to forget on restart).
 * One storage per issuer: oidc-provider builds one adapter per model by name, so the maps live in the
 * closure (a token of one issuer must never be found by another in the same process).
 */
export function createDemoIssuerStorage(): new (model: string) => Adapter {
  const records = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const grants = new Map<string, Set<string>>();
  return class DemoIssuerStorage implements Adapter {
    constructor(private readonly model: string) {}

    private key(id: string): string {
      return `${this.model}:${id}`;
    }

    async upsert(id: string, payload: AdapterPayload, expiresInSeconds: number): Promise<void> {
      const key = this.key(id);
      records.set(key, { payload, expiresAt: Date.now() + expiresInSeconds * 1000 });
      if (payload.grantId) {
        const keys = grants.get(payload.grantId) ?? new Set<string>();
        keys.add(key);
        grants.set(payload.grantId, keys);
      }
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      return this.read(this.key(id));
    }

    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return this.findWhere((payload) => payload.userCode === userCode);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return this.findWhere((payload) => payload.uid === uid);
    }

    async consume(id: string): Promise<void> {
      const record = records.get(this.key(id));
      if (record) record.payload.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      records.delete(this.key(id));
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grants.get(grantId) ?? []) records.delete(key);
      grants.delete(grantId);
    }

    private read(key: string): AdapterPayload | undefined {
      const record = records.get(key);
      if (!record) return undefined;
      if (record.expiresAt <= Date.now()) {
        records.delete(key);
        return undefined;
      }
      return record.payload;
    }

    private findWhere(matches: (payload: AdapterPayload) => boolean): AdapterPayload | undefined {
      for (const [key, record] of records) {
        if (key.startsWith(`${this.model}:`) && matches(record.payload)) return this.read(key);
      }
      return undefined;
    }
  };
}
