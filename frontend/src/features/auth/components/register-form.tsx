import {
  Anchor,
  Button,
  Group,
  NumberInput,
  PasswordInput,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { useLogin, useRegister } from '../api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MIN_PASSWORD = 8;

interface RegisterFormProps {
  onSignedIn: () => void;
  loginHref?: string;
}

function optional(value: string): string | null {
  return value.trim() ? value.trim() : null;
}

/** Sign-up: name, surname, e-mail, password, and optionally title, specialization, practice start year. */
export function RegisterForm({ onSignedIn, loginHref = '/login' }: RegisterFormProps) {
  const register = useRegister();
  const login = useLogin();
  const thisYear = new Date().getFullYear();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: {
      name: '',
      surname: '',
      email: '',
      password: '',
      confirm: '',
      title: '',
      specialization: '',
      practice_start_year: '' as number | string,
    },
    validate: {
      name: (value) => (value.trim() ? null : 'Enter your first name'),
      surname: (value) => (value.trim() ? null : 'Enter your surname'),
      email: (value) =>
        !value.trim()
          ? 'Enter your e-mail address'
          : EMAIL.test(value.trim())
            ? null
            : 'This is not an e-mail address',
      password: (value) =>
        value.length >= MIN_PASSWORD ? null : `Use at least ${MIN_PASSWORD} characters`,
      confirm: (value, values) => (value === values.password ? null : 'The passwords differ'),
      practice_start_year: (value) =>
        value === '' || (Number(value) >= 1940 && Number(value) <= thisYear)
          ? null
          : `A year between 1940 and ${thisYear}`,
    },
  });

  const submit = form.onSubmit(async (values) => {
    const body = {
      name: values.name.trim(),
      surname: values.surname.trim(),
      email: values.email.trim(),
      password: values.password,
      title: optional(values.title),
      specialization: optional(values.specialization),
      practice_start_year:
        values.practice_start_year === '' ? null : Number(values.practice_start_year),
    };
    try {
      await register.mutateAsync(body);
      await login.mutateAsync({ email: body.email, password: body.password });
      onSignedIn();
    } catch (error) {
      form.setErrors(fieldErrors(error));
    }
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label="First name"
            withAsterisk
            autoComplete="given-name"
            autoFocus
            key={form.key('name')}
            {...form.getInputProps('name')}
          />
          <TextInput
            label="Surname"
            withAsterisk
            autoComplete="family-name"
            key={form.key('surname')}
            {...form.getInputProps('surname')}
          />
        </SimpleGrid>
        <TextInput
          label="E-mail"
          type="email"
          withAsterisk
          autoComplete="email"
          placeholder="you@hospital.org"
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <PasswordInput
            label="Password"
            withAsterisk
            autoComplete="new-password"
            description={`At least ${MIN_PASSWORD} characters`}
            key={form.key('password')}
            {...form.getInputProps('password')}
          />
          <PasswordInput
            label="Repeat the password"
            withAsterisk
            autoComplete="new-password"
            description="To catch typos"
            key={form.key('confirm')}
            {...form.getInputProps('confirm')}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={4}>
          Optional: shown to your group&apos;s managers.
        </Text>
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          <TextInput
            label="Title"
            placeholder="Dr."
            autoComplete="honorific-prefix"
            key={form.key('title')}
            {...form.getInputProps('title')}
          />
          <TextInput
            label="Specialization"
            placeholder="Radiology"
            key={form.key('specialization')}
            {...form.getInputProps('specialization')}
          />
          <NumberInput
            label="Practising since"
            placeholder={String(thisYear - 5)}
            min={1940}
            max={thisYear}
            allowDecimal={false}
            allowNegative={false}
            hideControls
            key={form.key('practice_start_year')}
            {...form.getInputProps('practice_start_year')}
          />
        </SimpleGrid>
        <FormError error={register.error ?? login.error} />
        <Button type="submit" loading={register.isPending || login.isPending} fullWidth mt="xs">
          Create account
        </Button>
        <Group justify="center" gap={4}>
          <Text size="sm" c="dimmed">
            Already have an account?
          </Text>
          <Anchor component={Link} to={loginHref} size="sm">
            Log in
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
