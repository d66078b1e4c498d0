/**
 * The export watermark on printed reports ("Save as PDF"): a footer line and a faint diagonal copy of
 * "导出人 … · time · QunDesk" on every printed page, when the lock settings switch it on. Placed inside a print-only
 * view; fixed elements repeat on each page of the printout.
 */
import { useEffect, useState, type CSSProperties } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { watermarkText } from '../../../../shared/domain/operators';
import { useSession } from './session';

const footer: CSSProperties = {
  position: 'fixed',
  bottom: 0,
  left: 0,
  right: 0,
  textAlign: 'center',
  fontSize: '8pt',
  color: '#555',
};

const diagonal: CSSProperties = {
  position: 'fixed',
  top: '50%',
  left: '50%',
  transform: 'translate(-50%, -50%) rotate(-30deg)',
  fontSize: '24pt',
  color: 'rgba(0, 0, 0, 0.1)',
  whiteSpace: 'nowrap',
  pointerEvents: 'none',
};

export function PrintWatermark() {
  const { t } = useTranslation();
  const { status } = useSession();
  const [printedAt, setPrintedAt] = useState(() => Date.now());
  // A view that stays mounted (the incident page) is printed later than it was drawn: the time is the print's.
  useEffect(() => {
    const refresh = () => flushSync(() => setPrintedAt(Date.now()));
    window.addEventListener('beforeprint', refresh);
    return () => window.removeEventListener('beforeprint', refresh);
  }, []);
  if (!status.watermarkExports) return null;
  const text = watermarkText(status.operator?.name ?? t('audit.operators.local'), printedAt);
  return (
    <>
      <div style={diagonal} aria-hidden="true">
        {text}
      </div>
      <div style={footer} data-testid="print-watermark">
        {text}
      </div>
    </>
  );
}
