/** Every resolver of the schema, keyed by type. Types without an entry resolve by property name. */
import type { Resolvers } from '../resolvers.generated.js';
import { DateScalar, DateTimeScalar } from '../scalars.js';
import { ProviderAccountLink } from './accounts.js';
import { CalendarFeed } from './calendar-feeds.js';
import { PushSubscription } from './push.js';
import { Change, Subscription, ViewerChanges } from './changes.js';
import { Enrollment } from './enrollment.js';
import { Lesson } from './lesson.js';
import { MessageChange, NoticeChange, StudentMail, ViewerMail } from './messages.js';
import { Mutation } from './mutation.js';
import { Query, Viewer } from './query.js';
import { DataFreshness, Student } from './student.js';
import { LinkFlow, Tenant } from './tenants.js';
import { ReceivedAccess, TrustedPersonGrant } from './trusted.js';
import { Webhook, WebhookDelivery, WebhookDeliveryPage } from './webhooks.js';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  Query,
  Mutation,
  Viewer: { ...Viewer, ...ViewerChanges, ...ViewerMail },
  Subscription,
  Change,
  MessageChange,
  NoticeChange,
  ProviderAccountLink,
  TrustedPersonGrant,
  ReceivedAccess,
  CalendarFeed,
  PushSubscription,
  Webhook,
  WebhookDelivery,
  WebhookDeliveryPage,
  Student: { ...Student, ...StudentMail },
  DataFreshness,
  Enrollment,
  Lesson,
  Tenant,
  LinkFlow,
};
