import { Navigate, useNavigate } from 'react-router';
import { PageLoader } from '../../components/page-loader.tsx';
import { useMe } from '../../lib/use-me.ts';
import { AuthLayout } from './components/auth-layout.tsx';
import { DemoHint } from './components/demo-hint.tsx';
import { LoginForm } from './components/login-form.tsx';
import { useNextPath } from './hooks/use-next-path.ts';

/** /login: signs in, then goes to `?next=` or My work; a quiet hint names the demo accounts. */
export default function LoginPage() {
  const next = useNextPath();
  const navigate = useNavigate();
  const { data: user, isPending } = useMe();

  if (isPending) return <PageLoader />;
  if (user) return <Navigate to={next} replace />;

  const registerHref = next === '/' ? '/register' : `/register?next=${encodeURIComponent(next)}`;
  return (
    <AuthLayout title="Log in">
      <LoginForm
        onSignedIn={() => void navigate(next, { replace: true })}
        registerHref={registerHref}
      />
      <DemoHint />
    </AuthLayout>
  );
}
