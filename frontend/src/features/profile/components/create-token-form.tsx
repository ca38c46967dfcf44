import { Button, Group, Select, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import type { CreatedApiToken } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { useCreateToken } from '../api.ts';

const EXPIRIES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'never', label: 'Never' },
];

/** A new personal API token for scripts: a name and how long it lives. */
export function CreateTokenForm({ onCreated }: { onCreated: (token: CreatedApiToken) => void }) {
  const create = useCreateToken();
  const form = useForm({
    initialValues: { name: '', expiry: '90' },
    validate: {
      name: (value) =>
        !value.trim()
          ? 'Say what the token is for'
          : value.length > 100
            ? 'At most 100 characters'
            : null,
    },
  });

  const submit = form.onSubmit((values) =>
    create.mutate(
      {
        name: values.name.trim(),
        expires_in_days: values.expiry === 'never' ? null : Number(values.expiry),
      },
      {
        onSuccess: (token) => {
          form.reset();
          onCreated(token);
        },
        onError: (error) => form.setErrors(fieldErrors(error)),
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <TextInput
            label="Token name"
            placeholder="nightly COCO export"
            style={{ flex: 1, minWidth: 220 }}
            {...form.getInputProps('name')}
          />
          <Select
            label="Expires after"
            data={EXPIRIES}
            allowDeselect={false}
            w={150}
            {...form.getInputProps('expiry')}
          />
          <Button type="submit" loading={create.isPending} mt={25}>
            Create token
          </Button>
        </Group>
        <FormError error={create.error} />
      </Stack>
    </form>
  );
}
