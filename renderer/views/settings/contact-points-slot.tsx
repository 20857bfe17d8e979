import { useDashboard } from '../../context.ts';

/**
 * Where the contact-point settings go (email, webhooks, chat). Kept as its own component so that part
 * replaces this file without touching the rest of the settings screen.
 */
export function ContactPointsSlot() {
  const { t } = useDashboard();
  return (
    <section className="panel" data-slot="contact-points" aria-labelledby="contact-points-title">
      <h2 id="contact-points-title">{t('contactPoints.title')}</h2>
      <p className="muted">{t('contactPoints.slot')}</p>
    </section>
  );
}
