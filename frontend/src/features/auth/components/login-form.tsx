import { Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { Link } from 'react-router';
import { FormError } from '../../../components/form-error.tsx';
import { fieldErrors } from '../../../lib/errors.ts';
import { useLogin } from '../api.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

interface LoginFormProps {
  onSignedIn: () => void;
  /** Where the sign-up link keeps the user's destination. */
  registerHref?: string;
  initialEmail?: string;
}

/** E-mail and password; the API's answer (wrong credentials, too many attempts) shown above the button. */
export function LoginForm({
  onSignedIn,
  registerHref = '/register',
  initialEmail = '',
}: LoginFormProps) {
  const login = useLogin();
  const form = useForm({
    mode: 'uncontrolled',
    initialValues: { email: initialEmail, password: '' },
    validate: {
      email: (value) =>
        !value.trim()
          ? 'Enter your e-mail address'
          : EMAIL.test(value.trim())
            ? null
            : 'This is not an e-mail address',
      password: (value) => (value ? null : 'Enter your password'),
    },
  });

  const submit = form.onSubmit((values) => {
    login.mutate(
      { email: values.email.trim(), password: values.password },
      {
        onSuccess: onSignedIn,
        onError: (error) => form.setErrors(fieldErrors(error)),
      },
    );
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label="E-mail"
          type="email"
          autoComplete="username"
          placeholder="you@hospital.org"
          data-autofocus
          autoFocus
          key={form.key('email')}
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label="Password"
          autoComplete="current-password"
          key={form.key('password')}
          {...form.getInputProps('password')}
        />
        <FormError error={login.error} />
        <Button type="submit" loading={login.isPending} fullWidth>
          Log in
        </Button>
        <Text size="sm" ta="center" c="dimmed">
          New to TagMedX?{' '}
          <Anchor component={Link} to={registerHref} size="sm">
            Create an account
          </Anchor>
        </Text>
      </Stack>
    </form>
  );
}
