/** The shapes the page's components take: slices of the generated operation types, never written twice. */
import type { DashboardQuery } from '@diary-gateway/client';

/** One child as the dashboard query brings it. */
export type DashboardStudent = DashboardQuery['viewer']['students'][number];
