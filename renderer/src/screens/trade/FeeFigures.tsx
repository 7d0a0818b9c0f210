// The fee and what the user gets, as rows of a facts list: the ticket and both
// confirm dialogs show the same figures, computed by shared/fees.ts. A buy's or a
// sell's crypto side moves with the rate, so those figures say "about".
import type { OrderKind } from '../../../../shared/desk-api';
import type { FeeQuote } from '../../../../shared/fees';
import { formatMoney } from '../../format';

interface Props {
  kind: OrderKind;
  /** The pair's crypto (buy and sell). */
  base: string;
  quote: FeeQuote | null;
}

function About({ estimate, children }: { estimate: boolean; children: string }) {
  return (
    <>
      {estimate ? 'about ' : ''}
      <strong className="money">{children}</strong>
    </>
  );
}

export function FeeFigures({ kind, base, quote }: Props) {
  const none = '—';
  const net = quote ? (quote.coversFee ? formatMoney(quote.net, quote.netCurrency) : null) : undefined;
  const netText = net === undefined ? none : net === null ? 'nothing: the fee takes it all' : null;
  if (kind === 'buy') {
    return (
      <>
        <dt>Fee</dt>
        <dd data-testid="fee">{quote ? <About estimate={false}>{formatMoney(quote.fee, 'eur')}</About> : none}</dd>
        <dt>{base.toUpperCase()} received</dt>
        <dd data-testid="net">{netText ?? <About estimate>{net ?? ''}</About>}</dd>
      </>
    );
  }
  if (kind === 'sell') {
    return (
      <>
        <dt>Proceeds</dt>
        <dd data-testid="proceeds">{quote ? <About estimate>{formatMoney(quote.eurValue, 'eur')}</About> : none}</dd>
        <dt>Fee</dt>
        <dd data-testid="fee">{quote ? <About estimate>{formatMoney(quote.fee, 'eur')}</About> : none}</dd>
        <dt>EUR credited</dt>
        <dd data-testid="net">{netText ?? <About estimate>{net ?? ''}</About>}</dd>
      </>
    );
  }
  return (
    <>
      <dt>Fee</dt>
      <dd data-testid="fee">{quote ? <About estimate={false}>{formatMoney(quote.fee, 'eur')}</About> : none}</dd>
      <dt>EUR paid out</dt>
      <dd data-testid="net">{netText ?? <About estimate={false}>{net ?? ''}</About>}</dd>
    </>
  );
}
