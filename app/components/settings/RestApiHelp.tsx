import { BlockStack, Card, Text } from "@shopify/polaris";
import "../library/library.css";

export function RestApiHelp({ baseUrl }: { baseUrl: string }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingSm">
          REST API
        </Text>
        <Text as="p">
          Send the key as a bearer token. Lists take <code>?cursor=&amp;limit=</code>; errors are JSON <code>{"{ code, message }"}</code>.
        </Text>
        <pre className="al-code" data-testid="curl-example">{`curl -H "Authorization: Bearer <key>" ${baseUrl}/api/v1/assets`}</pre>
        <Text as="p" variant="bodySm" tone="subdued">
          Endpoints: /api/v1/assets, /api/v1/assets/:id, /api/v1/assets/:id/versions, /api/v1/search. Upload with a multipart POST to
          /api/v1/assets (field <code>file</code>).
        </Text>
      </BlockStack>
    </Card>
  );
}
