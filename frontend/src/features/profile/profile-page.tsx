import { Paper, Stack, Title } from '@mantine/core';
import { PageHeader } from '../../components/page-header.tsx';
import { PageLoader } from '../../components/page-loader.tsx';
import { useMe } from '../../lib/use-me.ts';
import { PasswordForm } from './components/password-form.tsx';
import { ProfileForm } from './components/profile-form.tsx';
import { TokensSection } from './components/tokens-section.tsx';

/** /profile: my details, my password, my API tokens. */
export default function ProfilePage() {
  const me = useMe();
  if (!me.data) return <PageLoader />;
  return (
    <>
      <PageHeader
        title="Profile"
        description="Your details are shown to the managers of your groups."
      />
      <Stack gap="lg" maw={960}>
        <Paper withBorder p="lg">
          <Title order={4} mb="md">
            Details
          </Title>
          <ProfileForm key={me.data.id} user={me.data} />
        </Paper>
        <Paper withBorder p="lg">
          <Title order={4} mb="md">
            Password
          </Title>
          <PasswordForm />
        </Paper>
        <Paper withBorder p="lg">
          <Title order={4} mb="md">
            API tokens
          </Title>
          <TokensSection />
        </Paper>
      </Stack>
    </>
  );
}
