import { notifications } from '@mantine/notifications';
import { Navigate, useNavigate } from 'react-router';
import { PageLoader } from '../../components/page-loader.tsx';
import { useMe } from '../../lib/use-me.ts';
import { AuthLayout } from './components/auth-layout.tsx';
import { RegisterForm } from './components/register-form.tsx';
import { useNextPath } from './hooks/use-next-path.ts';

/** /register: creates the account, signs in, then goes to `?next=` or My work. */
export default function RegisterPage() {
  const next = useNextPath();
  const navigate = useNavigate();
  const { data: user, isPending } = useMe();

  if (isPending) return <PageLoader />;
  if (user) return <Navigate to={next} replace />;

  const loginHref = next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`;
  return (
    <AuthLayout title="Create your account">
      <RegisterForm
        loginHref={loginHref}
        onSignedIn={() => {
          notifications.show({
            color: 'teal',
            message: 'Welcome to TagMedX. Your account is ready.',
          });
          void navigate(next, { replace: true });
        }}
      />
    </AuthLayout>
  );
}
