// The page a seller lands on when a channel's consent page sends them back with a problem (outside the
// Shopify admin frame, so it carries its own Polaris provider).
import { AppProvider, Banner, BlockStack, Button, Card, Page, Text } from "@shopify/polaris";
import en from "@shopify/polaris/locales/en.json";

export function ConnectProblem({ channel, message, backUrl }: { channel: string; message: string; backUrl: string }) {
  return (
    <AppProvider i18n={en}>
      <Page narrowWidth title={`Connecting ${channel}`}>
        <Card>
          <BlockStack gap="400">
            <Banner tone="critical" title="Nothing was connected">
              <p>{message}</p>
            </Banner>
            <Text as="p">You can start again from the Channels page in Assetline.</Text>
            <Button url={backUrl} variant="primary">Back to Channels</Button>
          </BlockStack>
        </Card>
      </Page>
    </AppProvider>
  );
}
