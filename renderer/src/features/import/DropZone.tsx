/**
 * Files dropped anywhere on the import page. While something is dragged over it, a dashed frame says where it goes;
 * only drags that carry files count (dragging text or a link does nothing).
 */
import { Box, Center, Stack, Text, ThemeIcon } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent, type ReactNode } from 'react';
import { useFormat } from '../../ui/format';

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes('Files');

export function DropZone(props: { onFiles(files: File[]): void; children: ReactNode }) {
  const { t } = useFormat();
  const [over, setOver] = useState(false);
  // dragenter/dragleave fire for every child crossed: count them so the frame stays until the drag leaves the page.
  const depth = useRef(0);

  return (
    <Box
      pos="relative"
      data-testid="import-drop-zone"
      onDragEnter={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (!carriesFiles(event)) return;
        // Without this the drop would open the file in the window instead.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
      }}
      onDragLeave={(event) => {
        if (!carriesFiles(event)) return;
        depth.current = Math.max(0, depth.current - 1);
        if (depth.current === 0) setOver(false);
      }}
      onDrop={(event) => {
        if (!carriesFiles(event)) return;
        event.preventDefault();
        depth.current = 0;
        setOver(false);
        const files = [...event.dataTransfer.files];
        if (files.length > 0) props.onFiles(files);
      }}
    >
      {props.children}
      {over && (
        <Center
          pos="absolute"
          inset={0}
          style={{
            zIndex: 10,
            border: '2px dashed var(--mantine-color-brand-filled)',
            borderRadius: 'var(--mantine-radius-md)',
            background: 'color-mix(in srgb, var(--mantine-color-body) 94%, transparent)',
            pointerEvents: 'none',
          }}
          data-testid="drop-overlay"
        >
          <Stack align="center" gap="sm">
            <ThemeIcon size={64} radius="xl" variant="light">
              <IconUpload size={32} />
            </ThemeIcon>
            <Text fw={600}>{t('importUi.dropHere')}</Text>
          </Stack>
        </Center>
      )}
    </Box>
  );
}
