import { Button, Group, PasswordInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../../api/api-error.ts';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { useChangePassword } from '../api.ts';

const MIN_PASSWORD = 8;

/** Current password, new password twice; other sessions and API tokens end on success. */
export function PasswordForm() {
  const change = useChangePassword();
  const form = useForm({
    initialValues: { current: '', next: '', confirm: '' },
    validate: {
      current: (value) => (value ? null : 'Enter your current password'),
      next: (value, values) =>
        value.length < MIN_PASSWORD
          ? `Use at least ${MIN_PASSWORD} characters`
          : value === values.current
            ? 'Choose a password different from the current one'
            : null,
      confirm: (value, values) => (value === values.next ? null : 'The passwords differ'),
    },
  });

  const submit = form.onSubmit((values) =>
    change.mutate(
      { current_password: values.current, new_password: values.next },
      {
        onSuccess: () => {
          form.reset();
          notifications.show({
            color: 'teal',
            title: 'Password changed',
            message: 'Your other sessions and API tokens have ended.',
          });
        },
        onError: (error) => {
          if (error instanceof ApiError && error.code === 'wrong_password') {
            form.setFieldError('current', error.detail);
            return;
          }
          const fields = fieldErrors(error);
          form.setErrors({ current: fields.current_password, next: fields.new_password });
        },
      },
    ),
  );

  const wrongPassword = change.error instanceof ApiError && change.error.code === 'wrong_password';

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed">
          At least {MIN_PASSWORD} characters. Changing it signs you out everywhere else and revokes
          your API tokens.
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            {...form.getInputProps('current')}
          />
          <PasswordInput
            label="New password"
            autoComplete="new-password"
            {...form.getInputProps('next')}
          />
          <PasswordInput
            label="Repeat the new password"
            autoComplete="new-password"
            {...form.getInputProps('confirm')}
          />
        </SimpleGrid>
        <FormError error={wrongPassword ? null : change.error} />
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
