// Labelled inputs whose hint and error are tied to the control via aria-describedby,
// so a screen reader (and a test) finds the message that belongs to the field.
import { useId, type InputHTMLAttributes, type ReactNode, type Ref, type SelectHTMLAttributes } from 'react';

interface FieldFrameProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
  className?: string;
  adornment?: ReactNode;
}

function FieldFrame({ label, error, hint, children, className, adornment }: FieldFrameProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field ${className ?? ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="field-control">
        {children({ id, describedBy, invalid: Boolean(error) })}
        {adornment}
      </div>
      {hint ? (
        <div id={hintId} className="field-hint">
          {hint}
        </div>
      ) : null}
      {error ? (
        <div id={errorId} className="field-error">
          {error}
        </div>
      ) : null}
    </div>
  );
}

type InputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'onChange' | 'value'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  adornment?: ReactNode;
  inputRef?: Ref<HTMLInputElement>;
  fieldClassName?: string;
};

export function TextField({ label, value, onValue, error, hint, adornment, inputRef, fieldClassName, ...rest }: InputProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} adornment={adornment} className={fieldClassName}>
      {({ id, describedBy, invalid }) => (
        <input
          {...rest}
          ref={inputRef}
          id={id}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        />
      )}
    </FieldFrame>
  );
}

type SelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id' | 'onChange' | 'value'> & {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: ReactNode;
  selectRef?: Ref<HTMLSelectElement>;
  fieldClassName?: string;
};

export function SelectField({ label, value, onValue, error, hint, children, selectRef, fieldClassName, ...rest }: SelectProps) {
  return (
    <FieldFrame label={label} error={error} hint={hint} className={fieldClassName}>
      {({ id, describedBy, invalid }) => (
        <select
          {...rest}
          ref={selectRef}
          id={id}
          value={value}
          onChange={(e) => onValue(e.target.value)}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
        >
          {children}
        </select>
      )}
    </FieldFrame>
  );
}
