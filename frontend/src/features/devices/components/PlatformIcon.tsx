import type { Platform } from '../../../api/types';

/** A small glyph for the platform; decorative, the name is always written next to it. */
export function PlatformIcon({ platform }: { platform: Platform }) {
  return (
    <svg className="platform-icon" viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
      {platform === 'android' ? (
        <path
          fill="currentColor"
          d="M4.6 1.2a.4.4 0 0 1 .55.15l.9 1.55A5.9 5.9 0 0 1 8 2.6c.7 0 1.35.1 1.95.3l.9-1.55a.4.4 0 1 1 .7.4l-.85 1.47A5.3 5.3 0 0 1 13.5 7.5h-11a5.3 5.3 0 0 1 2.8-4.28L4.45 1.75a.4.4 0 0 1 .15-.55ZM5.75 5.25a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Zm4.5 0a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5ZM2.5 8.5h11v4.25c0 .97-.78 1.75-1.75 1.75h-7.5c-.97 0-1.75-.78-1.75-1.75Z"
        />
      ) : platform === 'ios' ? (
        <path
          fill="currentColor"
          d="M10.9 1c.1.8-.24 1.6-.72 2.17-.5.57-1.3 1-2.07.94-.1-.78.28-1.6.74-2.1C9.36 1.43 10.2 1.03 10.9 1Zm2.45 10.6c-.35.8-.52 1.16-.97 1.87-.63.98-1.52 2.2-2.62 2.2-.98.02-1.23-.63-2.56-.62-1.33 0-1.6.64-2.59.63-1.1-.01-1.94-1.11-2.57-2.1C.27 10.86.08 7.63 1.2 5.93 2 4.72 3.25 4.01 4.43 4.01c1.2 0 1.95.66 2.94.66.96 0 1.55-.66 2.93-.66 1.05 0 2.16.57 2.95 1.56-2.59 1.42-2.17 5.12.1 6.03Z"
        />
      ) : (
        <path
          fill="currentColor"
          d="M5 1h6a1.5 1.5 0 0 1 1.5 1.5v11A1.5 1.5 0 0 1 11 15H5a1.5 1.5 0 0 1-1.5-1.5v-11A1.5 1.5 0 0 1 5 1Zm0 1.5v9.5h6V2.5Zm3 10.25a.75.75 0 1 0 0 1.5.75.75 0 0 0 0-1.5Z"
        />
      )}
    </svg>
  );
}
