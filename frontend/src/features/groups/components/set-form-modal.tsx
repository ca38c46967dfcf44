import {
  Button,
  Checkbox,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import type { AnnotationSet, SetType } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { useCreateSet, useUpdateSet } from '../api.ts';

interface SetFormModalProps {
  groupId: number;
  opened: boolean;
  onClose: () => void;
  /** The set to edit; none to create one. */
  set?: AnnotationSet | null;
  onSaved?: (set: AnnotationSet) => void;
}

const TYPES: { value: SetType; label: string }[] = [
  { value: 'detection', label: 'Detection (boxes)' },
  { value: 'classification', label: 'Classification' },
];

/** Creates a set or edits one: name, description, type (fixed once it has images), whether a
 * classification reading takes several labels, package size. */
export function SetFormModal({ groupId, opened, onClose, set, onSaved }: SetFormModalProps) {
  const create = useCreateSet(groupId);
  const update = useUpdateSet(groupId);
  const mutation = set ? update : create;
  const form = useForm({
    initialValues: {
      name: '',
      description: '',
      type: 'detection' as SetType,
      multi_label: false,
      package_size: 20 as number | string,
    },
    validate: {
      name: (value) => (value.trim() ? null : 'Name the set'),
      package_size: (value) =>
        Number.isInteger(Number(value)) && Number(value) >= 1 && Number(value) <= 10000
          ? null
          : 'Between 1 and 10000 images per package',
    },
  });

  useEffect(() => {
    if (!opened) return;
    form.setValues(
      set
        ? {
            name: set.name,
            description: set.description,
            type: set.type,
            multi_label: set.multi_label,
            package_size: set.package_size,
          }
        : { name: '', description: '', type: 'detection', multi_label: false, package_size: 20 },
    );
    form.resetDirty();
    create.reset();
    update.reset();
    // Reset the form only when the modal opens or targets another set.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened, set?.id]);

  const submit = form.onSubmit((values) => {
    const body = {
      name: values.name.trim(),
      description: values.description.trim(),
      multi_label: values.multi_label,
      package_size: Number(values.package_size),
    };
    const onError = (error: Error) => form.setErrors(fieldErrors(error));
    const onSuccess = (saved: AnnotationSet) => {
      notifications.show({
        color: 'teal',
        message: set ? `Set “${saved.name}” saved.` : `Set “${saved.name}” created.`,
      });
      onSaved?.(saved);
      onClose();
    };
    if (set) {
      const changedType = values.type !== set.type ? { type: values.type } : {};
      update.mutate({ setId: set.id, body: { ...body, ...changedType } }, { onSuccess, onError });
    } else {
      create.mutate({ ...body, type: values.type }, { onSuccess, onError });
    }
  });

  const typeLocked = Boolean(set && set.sample_count > 0);

  return (
    <Modal opened={opened} onClose={onClose} title={set ? 'Edit set' : 'Create a set'} size="lg">
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label="Name"
            placeholder="Chest X-ray, pneumothorax"
            withAsterisk
            data-autofocus
            {...form.getInputProps('name')}
          />
          <Textarea
            label="Description"
            description="Instructions for the annotators: what to mark and how"
            autosize
            minRows={2}
            maxRows={6}
            {...form.getInputProps('description')}
          />
          <Stack gap={4}>
            <Text size="sm" fw={500}>
              Type
            </Text>
            <SegmentedControl data={TYPES} disabled={typeLocked} {...form.getInputProps('type')} />
            <Text size="xs" c="dimmed">
              {typeLocked
                ? 'The type is fixed once the set has images.'
                : 'Detection: draw boxes around findings. Classification: choose the image’s labels.'}
            </Text>
          </Stack>
          {form.values.type === 'classification' && (
            <Checkbox
              label="Several labels per image"
              description="Off: choosing a label replaces the other (Normal or Abnormal, never both)."
              {...form.getInputProps('multi_label', { type: 'checkbox' })}
            />
          )}
          <NumberInput
            label="Package size"
            description="Images per package: the unit of work one annotator claims"
            min={1}
            max={10000}
            allowDecimal={false}
            allowNegative={false}
            w={260}
            {...form.getInputProps('package_size')}
          />
          <FormError error={mutation.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" loading={mutation.isPending}>
              {set ? 'Save' : 'Create set'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
