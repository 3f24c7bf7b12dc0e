/**
 * The settings that belong to a device or a calendar rather than to the diaries: notifications on this
 * device and calendar feeds. A chunk of its own, loaded when the settings open (`manage-view.tsx`), so the
 * first paint does not pay for it.
 */
import type { DashboardStudent } from '../data/types.js';
import { CalendarSection } from './calendar-section.js';
import { NotificationsSection } from './notifications-section.js';
import './device.css';

/** Notifications on this device, then calendar feeds. */
export function DeviceSettings(props: { students: readonly DashboardStudent[]; revision: number }) {
  return (
    <>
      <NotificationsSection revision={props.revision} />
      <CalendarSection students={props.students} revision={props.revision} />
    </>
  );
}
