import {
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import { ApiError } from '../../../api/api-error.ts';
import type { User } from '../../../api/types.ts';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors, hasStatus } from '../../../lib/errors.ts';
import { useUpdateProfile } from '../api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PASSWORD_CODES = new Set(['wrong_password', 'current_password_required']);

function isNewEmail(user: User, email: string) {
  return email.trim().toLowerCase() !== user.email;
}

function valuesOf(user: User) {
  return {
    title: user.title ?? '',
    name: user.name,
    surname: user.surname,
    email: user.email,
    specialization: user.specialization ?? '',
    practice_start_year: (user.practice_start_year ?? '') as number | string,
    current_password: '',
  };
}

/** My details; optional fields left empty are cleared (sent as null). A new e-mail asks for the
 * current password, as the API does. */
export function ProfileForm({ user }: { user: User }) {
  const update = useUpdateProfile();
  const thisYear = new Date().getFullYear();
  const form = useForm({
    initialValues: valuesOf(user),
    validate: {
      name: (value) => (value.trim() ? null : 'Enter your first name'),
      surname: (value) => (value.trim() ? null : 'Enter your surname'),
      email: (value) => (EMAIL.test(value.trim()) ? null : 'This is not an e-mail address'),
      current_password: (value, values) =>
        isNewEmail(user, values.email) && !value
          ? 'Enter your password to change the e-mail'
          : null,
      practice_start_year: (value) =>
        value === '' || (Number(value) >= 1940 && Number(value) <= thisYear)
          ? null
          : `A year between 1940 and ${thisYear}, or empty`,
    },
  });

  const submit = form.onSubmit((values) =>
    update.mutate(
      {
        name: values.name.trim(),
        surname: values.surname.trim(),
        email: values.email.trim(),
        title: values.title.trim() || null,
        specialization: values.specialization.trim() || null,
        practice_start_year:
          values.practice_start_year === '' ? null : Number(values.practice_start_year),
        ...(isNewEmail(user, values.email) ? { current_password: values.current_password } : {}),
      },
      {
        onSuccess: (saved) => {
          form.setValues(valuesOf(saved));
          form.resetDirty(valuesOf(saved));
          notifications.show({ color: 'teal', message: 'Your details are saved.' });
        },
        onError: (error) =>
          form.setErrors(
            hasStatus(error, 409)
              ? { email: 'Another account uses this e-mail' }
              : passwordError(error)
                ? { current_password: error.detail }
                : fieldErrors(error),
          ),
      },
    ),
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="Title" placeholder="Dr." {...form.getInputProps('title')} />
          <TextInput label="First name" withAsterisk {...form.getInputProps('name')} />
          <TextInput label="Surname" withAsterisk {...form.getInputProps('surname')} />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput label="E-mail" type="email" withAsterisk {...form.getInputProps('email')} />
          <TextInput
            label="Specialization"
            placeholder="Radiology"
            {...form.getInputProps('specialization')}
          />
          <NumberInput
            label="Practising since"
            placeholder="Year"
            min={1940}
            max={thisYear}
            allowDecimal={false}
            allowNegative={false}
            hideControls
            {...form.getInputProps('practice_start_year')}
          />
        </SimpleGrid>
        {isNewEmail(user, form.values.email) && (
          <PasswordInput
            label="Current password"
            description="Needed to change the e-mail you sign in with"
            autoComplete="current-password"
            withAsterisk
            {...form.getInputProps('current_password')}
          />
        )}
        <FormError
          error={hasStatus(update.error, 409) || passwordError(update.error) ? null : update.error}
        />
        <Group justify="flex-end">
          <Button variant="default" disabled={!form.isDirty()} onClick={() => form.reset()}>
            Discard changes
          </Button>
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
            Save details
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function passwordError(error: unknown): error is ApiError {
  return error instanceof ApiError && PASSWORD_CODES.has(error.code);
}
