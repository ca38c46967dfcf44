import { ActionIcon, Group, NumberInput, Tooltip } from '@mantine/core';
import { IconArrowDown } from '@tabler/icons-react';
import { useState } from 'react';
import { errorMessage } from '../../../lib/errors.ts';

interface JumpToSampleProps {
  /** Where sample #number (or the next one after it) is in the grid, 0-based. */
  findPosition: (number: number) => Promise<number>;
  onJump: (position: number) => void;
  total: number;
}

/** "Go to #": brings an image into view by its number in the set, as people name it. */
export function JumpToSample({ findPosition, onJump, total }: JumpToSampleProps) {
  const [number, setNumber] = useState<string | number>('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const go = async () => {
    const wanted = Number(number);
    if (!Number.isInteger(wanted) || wanted < 1) return setError('A number from 1');
    setBusy(true);
    setError(null);
    try {
      const position = await findPosition(wanted);
      if (position >= total) setError(`No image from #${wanted} on`);
      else onJump(position);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        void go();
      }}
    >
      <Group gap={4} wrap="nowrap" align="flex-start">
        <NumberInput
          size="xs"
          w={130}
          min={1}
          allowDecimal={false}
          allowNegative={false}
          hideControls
          leftSection="#"
          placeholder="Go to image"
          aria-label="Go to image number"
          value={number}
          onChange={setNumber}
          error={error}
        />
        <Tooltip label="Show this image">
          <ActionIcon type="submit" size="md" variant="default" loading={busy} aria-label="Go">
            <IconArrowDown size={14} />
          </ActionIcon>
        </Tooltip>
      </Group>
    </form>
  );
}
