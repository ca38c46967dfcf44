import { Button, ColorInput, Group, Modal, Stack, Textarea, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { Label } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { ApiError } from '../../../api/api-error.ts';
import { errorMessage, fieldErrors } from '../../../lib/errors.ts';
import { shortcutConflict, shortcutTakenBy } from '../../../lib/key-table.ts';
import { useCreateLabel, useUpdateLabel } from '../api.ts';
import {
  LABEL_COLORS,
  nextFreeColor,
  nextFreeShortcut,
  validateLabel,
  type LabelFormValues,
} from '../label-rules.ts';

interface LabelFormModalProps {
  setId: number;
  opened: boolean;
  onClose: () => void;
  /** The label to edit; null creates a new one. */
  label: Label | null;
  /** Every label of the set (for free colours and shortcuts, and duplicate names). */
  labels: Label[];
}

const SHORTCUT_HELP =
  'One key, a digit or a letter, that picks this label in the editor; empty for none';

/** The shortcut field's help: a letter the editor or its page already uses never reaches the label. */
function shortcutHelp(shortcut: string): string {
  const row = shortcutTakenBy(shortcut);
  if (!row) return SHORTCUT_HELP;
  return `${shortcut.toUpperCase()} is taken by ${shortcutConflict(shortcut)} (${row.label}): annotators will pick this label in the panel. Choose another key to have one.`;
}

/** The form field a 409 answer is about (duplicate name or shortcut), if any. */
function conflictField(error: unknown): 'name' | 'shortcut' | null {
  if (!(error instanceof ApiError)) return null;
  if (error.code === 'label_name_taken') return 'name';
  if (error.code === 'shortcut_taken') return 'shortcut';
  return null;
}

function initialValues(label: Label | null, labels: Label[]): LabelFormValues {
  if (label) {
    return {
      name: label.name,
      description: label.description,
      color: label.color,
      shortcut: label.shortcut ?? '',
    };
  }
  return {
    name: '',
    description: '',
    color: nextFreeColor(labels),
    shortcut: nextFreeShortcut(labels),
  };
}

/** Create or edit a label: name, colour (with swatches), shortcut key, description. */
export function LabelFormModal({ setId, opened, onClose, label, labels }: LabelFormModalProps) {
  const create = useCreateLabel(setId);
  const update = useUpdateLabel(setId);
  const mutation = label ? update : create;
  const others = labels.filter((other) => other.id !== label?.id);
  const form = useForm<LabelFormValues>({
    initialValues: initialValues(label, labels),
    validate: (values) => validateLabel(values, others),
  });

  const { setValues, resetDirty, clearErrors } = form;
  const { reset: resetCreate } = create;
  const { reset: resetUpdate } = update;
  useEffect(() => {
    if (!opened) return;
    const values = initialValues(label, labels);
    setValues(values);
    resetDirty(values);
    clearErrors();
    resetCreate();
    resetUpdate();
    // Fill the form each time the modal opens, not whenever the label list refetches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, label]);

  const submit = form.onSubmit((values) => {
    const body = {
      name: values.name.trim(),
      description: values.description.trim(),
      color: values.color.trim().toLowerCase(),
      shortcut: values.shortcut.trim() || null,
    };
    const options = {
      onSuccess: () => {
        notifications.show({
          message: label ? `Label “${body.name}” saved.` : `Label “${body.name}” added.`,
        });
        onClose();
      },
      onError: (error: unknown) => {
        const field = conflictField(error);
        form.setErrors(field ? { [field]: errorMessage(error) } : fieldErrors(error));
      },
    };
    if (label) update.mutate({ labelId: label.id, body }, options);
    else create.mutate(body, options);
  });

  return (
    <Modal opened={opened} onClose={onClose} title={label ? `Edit “${label.name}”` : 'New label'}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label="Name"
            placeholder="e.g. Nodule"
            required
            data-autofocus
            maxLength={100}
            {...form.getInputProps('name')}
          />
          <ColorInput
            label="Colour"
            description="How its boxes and tags look in the editor"
            format="hex"
            swatches={LABEL_COLORS}
            swatchesPerRow={7}
            required
            {...form.getInputProps('color')}
          />
          <TextInput
            label="Shortcut"
            description={shortcutHelp(form.values.shortcut)}
            maxLength={1}
            {...form.getInputProps('shortcut')}
            onChange={(event) =>
              form.setFieldValue('shortcut', event.currentTarget.value.toLowerCase())
            }
          />
          <Textarea
            label="Description"
            placeholder="When to use this label (shown to annotators)"
            autosize
            minRows={2}
            maxRows={5}
            {...form.getInputProps('description')}
          />
          <FormError error={conflictField(mutation.error) ? null : mutation.error} />
          <Group justify="flex-end" mt="xs">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {label ? 'Save' : 'Add label'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
