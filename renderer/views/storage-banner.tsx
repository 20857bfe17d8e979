/** A data file that cannot be written: shown for as long as it lasts, not only as a toast. */
export function StorageBanner({ text }: { text: { title: string; body: string } | null }) {
  if (text === null) return null;
  return (
    <div className="banner banner-error" role="alert" data-testid="storage-fault">
      <strong>{text.title}</strong> {text.body}
    </div>
  );
}
