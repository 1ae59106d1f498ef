import { useId } from 'react';
import type { InputHTMLAttributes } from 'react';
import { inputClass } from './field';

/**
 * A free-text name with the known people offered as suggestions: anyone can be picked, and
 * someone who is not in the directory (a contractor, a vendor's engineer) can still be typed.
 */
export function PersonInput({ people, className, ...rest }: InputHTMLAttributes<HTMLInputElement> & { people: ReadonlyArray<{ id: string; name: string }> }) {
  const listId = useId();
  return (
    <>
      <input {...rest} list={listId} autoComplete="off" className={`${inputClass} ${className ?? ''}`} />
      <datalist id={listId}>
        {people.map((person) => (
          <option key={person.id} value={person.name} />
        ))}
      </datalist>
    </>
  );
}
