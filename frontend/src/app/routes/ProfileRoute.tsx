import { useQueryClient } from '@tanstack/react-query';
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
import { useI18n } from '../../i18n/useI18n';
import { queryKeys } from '../../lib/query-keys';

/** `/users/{id}`: the person, their devices, their latest events. Composes three features. */
export function ProfileRoute() {
  const { userId = '' } = useParams();
  const { t } = useI18n();
  const session = useAgentSession();
  const profile = useProfile(userId);
  const queryClient = useQueryClient();

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
    </div>
  );
}
