// The App Bridge adapter (DESIGN §10): embedded → App Bridge nav + toasts; demo/standalone → Polaris
// Frame, Navigation and Toast. Pages use `useNotify()` and never touch App Bridge directly.
import { useCallback, useMemo, useState, type ReactNode } from "react";
import { Link as RemixLink, useLocation, useSubmit } from "@remix-run/react";
import { AppProvider as ShopifyAppProvider } from "@shopify/shopify-app-remix/react";
import { AppProvider as PolarisAppProvider, Badge, Frame, Navigation, Toast, TopBar } from "@shopify/polaris";
import { NavMenu } from "@shopify/app-bridge-react";
import { ClipboardChecklistIcon, ClockIcon, CollectionIcon, DuplicateIcon, HomeIcon, LinkIcon, NotificationIcon, PersonIcon, ProductIcon, RefreshIcon, SettingsIcon, ShieldCheckMarkIcon, StoreIcon } from "@shopify/polaris-icons";
import en from "@shopify/polaris/locales/en.json";
import type { LinkLikeComponentProps } from "@shopify/polaris/build/ts/src/utilities/link";
import { NotifyContext } from "./notify";
import { AuthHeadersContext, type GetAuthHeaders } from "./auth";

export interface ShellUser {
  name: string;
  role: string;
  markets: string[];
}
export interface ShellProps {
  mode: "demo" | "shopify";
  apiKey: string;
  shopName: string;
  isDemo: boolean;
  user: ShellUser;
  /** My unread notifications (shown on Inbox). */
  unread: number;
  /** Demo mode: the seeded users one can switch to. */
  demoUsers: Array<ShellUser & { handle: string }>;
  children: ReactNode;
}

const scopeLabel = (u: ShellUser) => `${u.role}${u.markets.length ? ` · ${u.markets.join(", ")}` : " · all markets"}`;

const NAV = [
  { url: "/app", label: "Library", icon: HomeIcon, exact: true },
  { url: "/app/collections", label: "Collections", icon: CollectionIcon },
  { url: "/app/inbox", label: "Inbox", icon: NotificationIcon },
  { url: "/app/activity", label: "Activity", icon: ClockIcon },
  { url: "/app/channels", label: "Channels", icon: StoreIcon },
  { url: "/app/listings", label: "Listings", icon: ProductIcon },
  // The swap flow is where a sync starts: it belongs under Sync.
  { url: "/app/sync", label: "Sync", icon: RefreshIcon, also: ["/app/swap"] },
  { url: "/app/compliance", label: "Compliance", icon: ShieldCheckMarkIcon },
  { url: "/app/duplicates", label: "Duplicates", icon: DuplicateIcon },
  { url: "/app/shares", label: "Share links", icon: LinkIcon },
  { url: "/app/members", label: "Members", icon: PersonIcon },
  { url: "/app/audit", label: "Audit log", icon: ClipboardChecklistIcon },
  { url: "/app/settings", label: "Settings", icon: SettingsIcon },
];

function PolarisLink({ url, children, external, ...rest }: LinkLikeComponentProps) {
  if (external || /^https?:/.test(url)) return <a href={url} {...rest}>{children}</a>;
  return <RemixLink to={url} {...rest}>{children}</RemixLink>;
}

export function AppShell(props: ShellProps) {
  return props.mode === "shopify" ? <EmbeddedShell {...props} /> : <StandaloneShell {...props} />;
}

function EmbeddedShell({ apiKey, unread, children }: ShellProps) {
  const notify = useCallback((message: string, opts?: { error?: boolean }) => {
    const w = window as unknown as { shopify?: { toast: { show(m: string, o?: { isError?: boolean }): void } } };
    w.shopify?.toast.show(message, { isError: opts?.error });
  }, []);
  // App Bridge adds the session token to fetch() but not to XMLHttpRequest (used for upload progress).
  const authHeaders = useCallback<GetAuthHeaders>(async () => {
    const w = window as unknown as { shopify?: { idToken(): Promise<string> } };
    const token = await w.shopify?.idToken();
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }, []);
  return (
    <ShopifyAppProvider isEmbeddedApp apiKey={apiKey}>
      <NavMenu>
        <RemixLink to="/app" rel="home">Library</RemixLink>
        <RemixLink to="/app/collections">Collections</RemixLink>
        <RemixLink to="/app/inbox">{unread ? `Inbox (${unread})` : "Inbox"}</RemixLink>
        <RemixLink to="/app/activity">Activity</RemixLink>
        <RemixLink to="/app/channels">Channels</RemixLink>
        <RemixLink to="/app/listings">Listings</RemixLink>
        <RemixLink to="/app/sync">Sync</RemixLink>
        <RemixLink to="/app/compliance">Compliance</RemixLink>
        <RemixLink to="/app/duplicates">Duplicates</RemixLink>
        <RemixLink to="/app/shares">Share links</RemixLink>
        <RemixLink to="/app/members">Members</RemixLink>
        <RemixLink to="/app/audit">Audit log</RemixLink>
        <RemixLink to="/app/settings">Settings</RemixLink>
      </NavMenu>
      <AuthHeadersContext.Provider value={authHeaders}>
        <NotifyContext.Provider value={notify}>{children}</NotifyContext.Provider>
      </AuthHeadersContext.Provider>
    </ShopifyAppProvider>
  );
}

function StandaloneShell({ shopName, isDemo, user, unread, demoUsers, children }: ShellProps) {
  const location = useLocation();
  const submit = useSubmit();
  const [userMenu, setUserMenu] = useState(false);
  const [toast, setToast] = useState<{ message: string; error?: boolean; key: number } | null>(null);
  const [mobileNav, setMobileNav] = useState(false);
  const notify = useCallback((message: string, opts?: { error?: boolean }) => setToast({ message, error: opts?.error, key: Date.now() }), []);
  const items = useMemo(
    () =>
      NAV.map((n) => ({
        url: n.url,
        label: n.label,
        icon: n.icon,
        ...(n.url === "/app/inbox" && unread ? { badge: String(unread) } : {}),
        selected: n.exact
          ? location.pathname === n.url || location.pathname.startsWith("/app/assets")
          : [n.url, ...(("also" in n && n.also) || [])].some((u) => location.pathname.startsWith(u)),
      })),
    [location.pathname, unread],
  );
  const topBar = (
    <TopBar
      showNavigationToggle
      onNavigationToggle={() => setMobileNav((v) => !v)}
      contextControl={
        <div style={{ display: "flex", alignItems: "center", gap: 8, minHeight: 56, padding: "0 16px" }}>
          <span style={{ color: "var(--p-color-text-inverse)", fontWeight: 650, fontSize: 15 }}>Assetline</span>
          {isDemo && <Badge tone="attention">Demo</Badge>}
        </div>
      }
      secondaryMenu={
        <div style={{ padding: "0 16px", display: "flex", alignItems: "center", minHeight: 56, maxWidth: "30vw" }}>
          <span style={{ color: "var(--p-color-text-inverse-secondary)", whiteSpace: "nowrap", overflow: "hidden", textOverflow: "ellipsis" }}>
            {shopName}
          </span>
        </div>
      }
      userMenu={
        <TopBar.UserMenu
          name={user.name}
          detail={scopeLabel(user)}
          initials={user.name.replace(/[^A-Za-z ]/g, "").split(" ").filter(Boolean).slice(0, 2).map((w) => w[0]).join("").toUpperCase() || "U"}
          open={userMenu}
          onToggle={() => setUserMenu((v) => !v)}
          actions={
            demoUsers.length
              ? [
                  {
                    items: demoUsers.map((u) => ({
                      content: `Act as ${u.name}`,
                      helpText: scopeLabel(u),
                      active: u.name === user.name,
                      onAction: () => submit({ handle: u.handle, back: location.pathname + location.search }, { method: "post", action: "/app/switch-user" }),
                    })),
                  },
                ]
              : []
          }
        />
      }
    />
  );
  return (
    <PolarisAppProvider i18n={en} linkComponent={PolarisLink}>
      <Frame
        topBar={topBar}
        navigation={<Navigation location={location.pathname}><Navigation.Section items={items} /></Navigation>}
        showMobileNavigation={mobileNav}
        onNavigationDismiss={() => setMobileNav(false)}
      >
        <NotifyContext.Provider value={notify}>{children}</NotifyContext.Provider>
        {toast && <Toast key={toast.key} content={toast.message} error={toast.error} onDismiss={() => setToast(null)} />}
      </Frame>
    </PolarisAppProvider>
  );
}
