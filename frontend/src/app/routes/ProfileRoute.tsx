import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useParams } from 'react-router-dom';

import type { Device, UserProfile } from '../../api/types';
import { QueryError } from '../../components/QueryError';
import { UnavailableBanners } from '../../components/UnavailableBanners';
import { DevicesSection } from '../../features/devices/components/DevicesSection';
import { EventsSection } from '../../features/events/components/EventsSection';
import { PersonHeader } from '../../features/profile/components/PersonHeader';
import { ProfileSkeleton } from '../../features/profile/components/ProfileSkeleton';
import { useProfile } from '../../features/profile/hooks/useProfile';
import { useAgentSession } from '../../features/session/hooks/useAgentSession';
import { SignOutSection } from '../../features/user-sessions/components/SignOutSection';
import { VerifyCallerDialog } from '../../features/verify-caller/components/VerifyCallerDialog';
import { useI18n } from '../../i18n/useI18n';
import { queryKeys } from '../../lib/query-keys';

/** Whose device the agent is verifying the caller with, and the button that asked. */
interface VerifyTarget {
  userId: string;
  device: Device;
  trigger: HTMLElement;
}

/** `/users/{id}`: the person, their devices, their latest events. Composes the features. */
export function ProfileRoute() {
  const { userId = '' } = useParams();
  const { t } = useI18n();
  const session = useAgentSession();
  const profile = useProfile(userId);
  const queryClient = useQueryClient();
  const [verifying, setVerifying] = useState<VerifyTarget | null>(null);
  // Another user's page (back/forward while the dialog was open): that verification is over here.
  if (verifying && verifying.userId !== userId) setVerifying(null);

  if (!profile.data) {
    if (profile.isError) {
      return (
        <QueryError
          error={profile.error}
          onRetry={() => void profile.refetch()}
          retrying={profile.isFetching}
          notFound={{ title: t('profile.notFound.title'), body: t('profile.notFound.body') }}
        />
      );
    }
    return <ProfileSkeleton />;
  }

  const data = profile.data;
  function deviceGone(deviceId: string) {
    queryClient.setQueryData<UserProfile>(queryKeys.profile(userId), (old) =>
      old ? { ...old, devices: old.devices.filter((d) => d.id !== deviceId) } : old,
    );
    // The deletion is an event too: read the profile and the events again.
    void queryClient.invalidateQueries({ queryKey: queryKeys.user(userId) });
  }

  function deviceChanged(device: Device) {
    queryClient.setQueryData<UserProfile>(queryKeys.profile(userId), (old) =>
      old ? { ...old, devices: old.devices.map((d) => (d.id === device.id ? device : d)) } : old,
    );
    // The change is an event too: read the profile and the events again.
    void queryClient.invalidateQueries({ queryKey: queryKeys.user(userId) });
  }

  return (
    <div className="profile stack-lg">
      <UnavailableBanners unavailable={data.unavailable} sources={['cim_persons']} />
      <PersonHeader person={data.person} />
      <DevicesSection
        userId={userId}
        devices={data.devices}
        unavailable={data.unavailable}
        canDelete={session.permissions.deleteDevice}
        onDeleted={deviceGone}
        onChanged={deviceChanged}
        onVerify={
          session.permissions.verifyDevice
            ? (device, trigger) => setVerifying({ userId, device, trigger })
            : undefined
        }
      />
      {session.permissions.deleteDevice ? (
        <SignOutSection
          userId={userId}
          displayName={data.person.displayName ?? userId}
          onSignedOut={() => void queryClient.invalidateQueries({ queryKey: queryKeys.user(userId) })}
        />
      ) : null}
      <EventsSection
        key={userId}
        userId={userId}
        firstPage={{
          page: { events: data.events, nextBefore: data.nextEventsBefore, unavailable: data.unavailable },
          updatedAt: profile.dataUpdatedAt,
        }}
      />
      {verifying?.userId === userId ? (
        <VerifyCallerDialog
          key={verifying.device.id}
          userId={userId}
          device={verifying.device}
          returnFocus={verifying.trigger}
          // The Token Server records the push and its answer among the user's events.
          onChanged={() => void queryClient.invalidateQueries({ queryKey: queryKeys.user(userId) })}
          onClose={() => setVerifying(null)}
        />
      ) : null}
    </div>
  );
}
