import { EmptyState, Text } from "@shopify/polaris";

// A small inline illustration (the admin's CDN images are not reachable offline).
const ILLUSTRATION =
  "data:image/svg+xml;utf8," +
  encodeURIComponent(`<svg xmlns="http://www.w3.org/2000/svg" width="226" height="226" viewBox="0 0 226 226">
  <circle cx="113" cy="113" r="100" fill="#f1f1f1"/>
  <rect x="52" y="70" width="96" height="80" rx="10" fill="#fff" stroke="#8a8a8a" stroke-width="3" transform="rotate(-8 100 110)"/>
  <rect x="78" y="62" width="100" height="84" rx="10" fill="#fff" stroke="#303030" stroke-width="3"/>
  <circle cx="104" cy="88" r="9" fill="#ffd66b"/>
  <path d="M86 136l26-28 18 18 12-12 28 22z" fill="#91d0ff" stroke="#303030" stroke-width="3" stroke-linejoin="round"/>
  <circle cx="168" cy="150" r="22" fill="#303030"/>
  <path d="M168 160v-20m-8 8l8-8 8 8" stroke="#fff" stroke-width="3.5" fill="none" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`);

export function EmptyLibrary({ onUpload }: { onUpload(): void }) {
  return (
    <EmptyState heading="Add your product media" action={{ content: "Upload files", onAction: onUpload }} image={ILLUSTRATION} fullWidth>
      <Text as="p">
        Images, videos, audio and PDFs become assets with versions you can approve, restore and publish. Drag files anywhere onto this page
        to upload them.
      </Text>
    </EmptyState>
  );
}
