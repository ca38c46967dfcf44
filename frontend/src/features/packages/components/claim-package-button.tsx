import { Alert, Button, Stack } from '@mantine/core';
import { IconHandGrab, IconInfoCircle } from '@tabler/icons-react';
import { useNavigate } from 'react-router';
import { FormError } from '../../../components/form-error.tsx';
import { ApiError } from '../../../api/api-error.ts';
import { newIdempotencyKey } from '../../../lib/idempotency-key.ts';
import { useClaimPackage } from '../api.ts';

function noPackageLeft(error: unknown): boolean {
  return (
    error instanceof ApiError &&
    error.status === 404 &&
    (error.code === 'no_package_left' || error.code === 'not_found')
  );
}

/** Takes the next free package of the set and opens it in the editor. */
export function ClaimPackageButton({ setId }: { setId: number }) {
  const claim = useClaimPackage(setId);
  const navigate = useNavigate();
  return (
    <Stack gap="xs" align="flex-end">
      <Button
        leftSection={<IconHandGrab size={16} />}
        loading={claim.isPending}
        onClick={() =>
          claim.mutate(newIdempotencyKey(), {
            onSuccess: (pkg) => void navigate(`/packages/${pkg.id}`),
          })
        }
      >
        Claim next package
      </Button>
      {claim.isError &&
        (noPackageLeft(claim.error) ? (
          <Alert
            color="yellow"
            variant="light"
            icon={<IconInfoCircle size={18} />}
            role="alert"
            py="xs"
            withCloseButton
            onClose={claim.reset}
          >
            All packages are taken. Ask the set’s manager to upload more images or to assign you
            one.
          </Alert>
        ) : (
          <FormError error={claim.error} />
        ))}
    </Stack>
  );
}
