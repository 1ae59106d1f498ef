import { Button } from '../../../shared/components/button';
import { FormError } from '../../../shared/components/field';

/**
 * The end of every status-page form: the error that no field could show, Cancel where the form
 * can be left, and the submit button saying what it is doing while the request runs.
 */
export function FormActions({
  pending,
  label,
  pendingLabel,
  unplacedError,
  onCancel,
  className = '',
}: {
  pending: boolean;
  label: string;
  pendingLabel: string;
  unplacedError?: string | undefined;
  onCancel?: () => void;
  className?: string;
}) {
  return (
    <div className={`space-y-2 ${className}`}>
      <FormError message={unplacedError} />
      <div className={`flex flex-wrap gap-2 ${onCancel ? 'justify-end' : ''}`}>
        {onCancel ? <Button onClick={onCancel}>Cancel</Button> : null}
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? pendingLabel : label}
        </Button>
      </div>
    </div>
  );
}
