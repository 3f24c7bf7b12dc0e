/**
 * The parent's settings («Дневники и доступ»): linked diaries, children that may be one, trusted persons
 * absence notices, then (a chunk loaded when the view opens: `device/`) notifications on this device and
 * calendar feeds. Each section loads its own lists; after any change every section reloads its lists
 * (an unlinked diary takes its suggestions and grants along) and the dashboard is reloaded (`onChanged`).
 */
import type { ComponentType } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import type { DashboardStudent } from '../data/types.js';
import { AbsenceSection } from './absence-section.js';
import { AccountsSection } from './accounts-section.js';
import { MatchesSection } from './matches-section.js';
import { TrustedSection } from './trusted-section.js';
import './manage.css';

/** The settings view; `onChanged` reloads the dashboard after a change made here. */
export function ManageView(props: { students: readonly DashboardStudent[]; onChanged: () => void }) {
  const [revision, setRevision] = useState(0);
  const { onChanged } = props;
  const changed = useCallback(() => {
    setRevision((value) => value + 1);
    onChanged();
  }, [onChanged]);

  return (
    <div class="manage">
      <AccountsSection revision={revision} onChanged={changed} />
      <MatchesSection revision={revision} onChanged={changed} />
      <TrustedSection students={props.students} revision={revision} onChanged={changed} />
      <AbsenceSection students={props.students} onChanged={changed} />
      <LazyDeviceSettings students={props.students} revision={revision} />
    </div>
  );
}

type DeviceSettingsProps = { students: readonly DashboardStudent[]; revision: number };

/** The device settings' chunk, once loaded; nothing while it loads or when it could not be loaded. */
function LazyDeviceSettings(props: DeviceSettingsProps) {
  const [Settings, setSettings] = useState<ComponentType<DeviceSettingsProps> | null>(null);
  useEffect(() => {
    let current = true;
    import('../device/device-settings.js').then(
      ({ DeviceSettings }) => current && setSettings(() => DeviceSettings),
      // Not loaded (offline, a new build replaced the chunk): the diaries' settings above still work.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, []);
  return Settings ? <Settings {...props} /> : null;
}
