import { describe, expect, it } from 'vitest';

import { ApiError } from '../../../api/errors';
import { en } from '../../../i18n/messages/en';
import { translator } from '../../../i18n/translate';
import { aProblem } from '../../../test/fixtures';
import { deleteOutcome } from './delete-outcome';

const t = translator(en);

describe('deleteOutcome', () => {
  it('takes the row away only when the device is gone', () => {
    expect(deleteOutcome('Phone', undefined, t)).toMatchObject({ tone: 'success', gone: true });
    expect(deleteOutcome('Phone', new ApiError(404, aProblem(404, 'No such device.')), t)).toMatchObject({
      gone: true,
      text: 'The device “Phone” was not found: it may have been deleted already.',
    });
    expect(deleteOutcome('Phone', new ApiError(502, aProblem(502, 'kept', 'device-not-removed')), t)).toMatchObject({
      gone: false,
      text: 'The Token Server kept the device “Phone”: it is still registered. Try again later or report it.',
    });
  });

  it('does not claim to know the outcome when the server could not be reached', () => {
    expect(deleteOutcome('Phone', new ApiError(0), t)).toMatchObject({ gone: false, tone: 'error' });
    expect(deleteOutcome('Phone', new ApiError(0), t).text).toMatch(/not known whether/);
  });

  it("passes the server's reason on for a refusal (a permission, or a stale XSRF token)", () => {
    const outcome = deleteOutcome(
      'Phone',
      new ApiError(403, aProblem(403, 'This change must carry the X-XSRF-TOKEN header.', 'forbidden')),
      t,
    );
    expect(outcome.detail).toContain('X-XSRF-TOKEN');
    expect(outcome.detail).toContain('Request id: req-123');
  });
});
