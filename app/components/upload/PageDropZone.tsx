// Files dropped anywhere on the page are uploaded; the page's Upload button opens the same file dialog.
// A Polaris DropZone listens on the whole document (dropOnPage); the visible layer is our own, drawn
// over the page only while files are dragged.
import { useCallback, useState } from "react";
import { BlockStack, DropZone, Icon, Text } from "@shopify/polaris";
import { UploadIcon } from "@shopify/polaris-icons";
import "../library/library.css";

export interface PageDropZoneProps {
  /** Set true to open the file dialog (then reset through onDialogOpened). */
  openFileDialog: boolean;
  onDialogOpened(): void;
  onFiles(files: File[]): void;
  inputId?: string;
  message?: string;
}

const hidden = { position: "absolute", width: 1, height: 1, overflow: "hidden", clip: "rect(0 0 0 0)", whiteSpace: "nowrap" } as const;

export function PageDropZone({ openFileDialog, onDialogOpened, onFiles, inputId = "library-upload-input", message }: PageDropZoneProps) {
  const [dragging, setDragging] = useState(false);
  const onDrop = useCallback(
    (_all: File[], accepted: File[]) => {
      setDragging(false);
      onFiles(accepted);
    },
    [onFiles]
  );
  return (
    <>
      <div style={hidden}>
        <DropZone
          id={inputId}
          label="Upload files"
          labelHidden
          dropOnPage
          outline={false}
          overlay={false}
          allowMultiple
          openFileDialog={openFileDialog}
          onFileDialogClose={onDialogOpened}
          onDrop={onDrop}
          onDragEnter={() => setDragging(true)}
          onDragLeave={() => setDragging(false)}
        />
      </div>
      <div className={`al-page-drop${dragging ? " al-page-drop--active" : ""}`} aria-hidden={!dragging} data-testid="page-drop">
        <div className="al-page-drop__inner">
          <BlockStack gap="200" inlineAlign="center">
            <Icon source={UploadIcon} tone="base" />
            <Text as="p" variant="headingMd">
              {message ?? "Drop files to add them to the library"}
            </Text>
            <Text as="p" tone="subdued">
              Images, videos, audio and PDFs · one asset per file
            </Text>
          </BlockStack>
        </div>
      </div>
    </>
  );
}
