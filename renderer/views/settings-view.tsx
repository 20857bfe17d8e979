import type { Settings } from '../../shared/bridge.ts';
import { AlertRulesSettings } from './settings/alert-rules-settings.tsx';
import { ContactPointsSettings } from './contact-points-view.tsx';
import { GeneralSettings } from './settings/general-settings.tsx';
import { SourcesSettings } from './settings/sources-settings.tsx';

export function SettingsView({ onAppearance }: { onAppearance: (next: Partial<Settings>) => void }) {
  return (
    <div className="settings">
      <GeneralSettings onAppearance={onAppearance} />
      <SourcesSettings />
      <AlertRulesSettings />
      <ContactPointsSettings />
    </div>
  );
}
