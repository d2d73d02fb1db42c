// "Search by image" on the library page (issue #7): the image is checked here (type, size), posted to
// /app/search/image (authenticated like the page's other requests) and the matches shown in place of the
// library grid: near duplicates first, then similar colours, each with why and a score. Nothing is kept:
// leaving ("Back to the library", or any navigation) forgets the image.
import { useCallback, useEffect, useRef, useState } from "react";
import { Link as RemixLink } from "@remix-run/react";
import { Banner, BlockStack, Box, Button, InlineStack, Spinner, Text, Thumbnail } from "@shopify/polaris";
import { ArrowLeftIcon, ImageIcon } from "@shopify/polaris-icons";
import type { GetAuthHeaders } from "../shell/auth";
import { IMAGE_SEARCH_TYPES } from "./LibrarySearch";
import "./library.css";

/** The server's limit for a probe image (PROBE_MAX_BYTES); checked here first to spare the upload. */
const MAX_BYTES = 20 * 1024 * 1024;

export interface ImageMatch {
  asset: { id: string; title: string; thumbnailUrl: string | null };
  score: number;
  reason: string;
  distance: number | null;
}

export type ImageSearch =
  | { status: "loading"; fileName: string; previewUrl: string | null }
  | { status: "done"; fileName: string; previewUrl: string | null; items: ImageMatch[] }
  | { status: "error"; fileName: string; previewUrl: string | null; error: string };

/** Why a file cannot be searched by, before sending it; null when it may be. */
export function checkImageFile(file: { type: string; size: number }): string | null {
  if (!IMAGE_SEARCH_TYPES.includes(file.type))
    return `Search by image takes a JPEG, PNG, WebP, AVIF, GIF or TIFF image${file.type ? ` (this file is ${file.type})` : ""}.`;
  if (file.size === 0) return "That image is empty.";
  if (file.size > MAX_BYTES) return `The image may be at most ${MAX_BYTES / 1024 / 1024} MB (this one is ${(file.size / 1024 / 1024).toFixed(1)} MB).`;
  return null;
}

export function useImageSearch(getHeaders: GetAuthHeaders) {
  const [state, setState] = useState<ImageSearch | null>(null);
  const seq = useRef(0);
  const preview = useRef<string | null>(null);
  const forget = useCallback(() => {
    seq.current++;
    if (preview.current) URL.revokeObjectURL(preview.current);
    preview.current = null;
    setState(null);
  }, []);
  useEffect(() => forget, [forget]);

  const searchBy = useCallback(
    async (file: File) => {
      forget();
      const n = seq.current;
      const fileName = file.name || "image";
      const bad = checkImageFile(file);
      if (bad) return setState({ status: "error", fileName, previewUrl: null, error: bad });
      preview.current = URL.createObjectURL(file);
      const previewUrl = preview.current;
      setState({ status: "loading", fileName, previewUrl });
      try {
        const body = new FormData();
        body.set("file", file);
        const res = await fetch("/app/search/image", { method: "POST", body, headers: await getHeaders() });
        const data = (await res.json().catch(() => ({}))) as { items?: ImageMatch[]; message?: string };
        if (n !== seq.current) return; // another image (or "back") since
        if (!res.ok || !Array.isArray(data.items)) throw new Error(data.message ?? "The image could not be searched by. Try again.");
        setState({ status: "done", fileName, previewUrl, items: data.items });
      } catch (e) {
        if (n === seq.current) setState({ status: "error", fileName, previewUrl, error: (e as Error).message });
      }
    },
    [forget, getHeaders]
  );
  return { state, searchBy, forget };
}

const sentence = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export function ImageSearchResults({ search, onBack }: { search: ImageSearch; onBack(): void }) {
  const near = search.status === "done" ? search.items.filter((i) => i.reason === "near duplicate") : [];
  const colour = search.status === "done" ? search.items.filter((i) => i.reason !== "near duplicate") : [];
  return (
    <Box padding="400" paddingBlockStart="300">
      <BlockStack gap="400">
        <InlineStack gap="300" blockAlign="center" align="space-between">
          <InlineStack gap="300" blockAlign="center" wrap={false}>
            <Thumbnail source={search.previewUrl ?? ImageIcon} alt="" size="small" />
            <Text as="h2" variant="headingSm" id="image-search-heading">
              <span data-testid="image-search-title">Images like “{search.fileName}”</span>
            </Text>
            {search.status === "loading" && <Spinner size="small" accessibilityLabel="Searching by the image" />}
          </InlineStack>
          <Button icon={ArrowLeftIcon} onClick={onBack}>
            Back to the library
          </Button>
        </InlineStack>
        {search.status === "error" && (
          <Banner tone="critical" title="This file cannot be searched by">
            <p data-testid="image-search-error">{search.error}</p>
          </Banner>
        )}
        {search.status === "done" && search.items.length === 0 && (
          <Text as="p" tone="subdued">
            Nothing in the library looks like this image.
          </Text>
        )}
        {near.length > 0 && <MatchGroup title="Near duplicates" items={near} />}
        {colour.length > 0 && <MatchGroup title="Similar colours" items={colour} />}
      </BlockStack>
    </Box>
  );
}

function MatchGroup({ title, items }: { title: string; items: ImageMatch[] }) {
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingXs" tone="subdued">
        {title} · {items.length}
      </Text>
      <div className="al-image-results" data-testid="image-search-results">
        {items.map((i) => (
          <RemixLink key={i.asset.id} to={`/app/assets/${i.asset.id}`} className="al-image-results__item" data-testid="image-search-result" data-reason={i.reason} data-distance={i.distance ?? ""}>
            <BlockStack gap="100">
              {i.asset.thumbnailUrl ? <img src={i.asset.thumbnailUrl} alt="" loading="lazy" /> : <Thumbnail source={ImageIcon} alt="" />}
              <Text as="span" variant="bodySm" fontWeight="medium" truncate>
                {i.asset.title}
              </Text>
              <Text as="span" variant="bodySm" tone="subdued">
                {sentence(i.reason)} · {Math.round(i.score * 100)}%{i.distance !== null && i.reason === "near duplicate" ? ` · ${i.distance} bits apart` : ""}
              </Text>
            </BlockStack>
          </RemixLink>
        ))}
      </div>
    </BlockStack>
  );
}
