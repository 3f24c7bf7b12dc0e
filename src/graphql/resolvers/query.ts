/** `Query` and `Viewer`: the entry points, behind a session (but `tenants`, which is nothing personal). */
import { UnauthenticatedError } from '../../errors/gateway-error.js';
import type { QueryResolvers, ViewerResolvers } from '../resolvers.generated.js';
import { viewerCalendarFeeds } from './calendar-feeds.js';
import { viewerPushSubscriptions, webPushPublicKey } from './push.js';
import { viewerWebhooks } from './webhooks.js';
import { requireDirectory } from './enrollment-loads.js';
import { tenantView } from './tenants.js';

export const Query: QueryResolvers = {
  tenants: (_parent, _args, context) => context.services.tenants.all().map(tenantView),
  webPushPublicKey,

  async viewer(_parent, _args, context) {
    // Through the directory, which reads the user once per request for matching too.
    const user = context.directory ? await context.directory.user() : null;
    if (!user) throw new UnauthenticatedError();
    return { id: user.id, displayName: user.displayName };
  },

  async student(_parent, { id }, context, info) {
    const { student, failures } = await requireDirectory(context).findStudent(id);
    // A student missing because its diary failed and one that does not exist must look alike: the
    // failures are reported either way, and say nothing about the id asked for.
    if (!student) for (const { error } of failures) context.partialErrors.report(error, info);
    return student;
  },
};

export const Viewer: ViewerResolvers = {
  async students(_viewer, _args, context, info) {
    const { students, failures } = await requireDirectory(context).listStudents();
    for (const { error, staleDataServed } of failures) context.partialErrors.report(error, info, { staleDataServed });
    return students;
  },
  providerAccounts: (_viewer, _args, context) => requireDirectory(context).ownAccounts(),
  studentMatchSuggestions: (_viewer, _args, context) => requireDirectory(context).suggestions(),
  trustedPersons: (viewer, _args, context) => context.services.store.listGrantsByOwner(viewer.id),
  receivedAccess: (_viewer, _args, context) => requireDirectory(context).activeReceivedGrants(),
  calendarFeeds: viewerCalendarFeeds,
  pushSubscriptions: viewerPushSubscriptions,
  webhooks: viewerWebhooks,
};
