// The active currency codes of ISO 4217 ("Codes for the representation of currencies", Table A.1,
// the current currency and funds code list, https://www.iso.org/iso-4217-currency-codes.html, kept
// by its maintenance agency SIX: https://www.six-group.com/en/products-services/financial-information/data-standards.html)
// with each one's minor unit: how many decimals an amount in it has (EUR 2, JPY 0, BHD 3).
// Left out: the codes whose minor unit the standard gives as "N.A." (gold, silver, platinum,
// palladium, XDR, XSU, XUA, the bond-market units XBA–XBD) and the test and "no currency" codes
// XTS and XXX, none of which can be a price; and codes withdrawn from the list (HRK, SLL, ZWL, ANG,
// CUC…), whose successors are here. Checked against the list as amended to 2025.

/** Codes by minor unit; every code not under 0, 3 or 4 has 2. */
const CODES: Readonly<Record<number, string>> = {
  0: 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF',
  2:
    'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
    'CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ ' +
    'GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD ' +
    'MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON ' +
    'RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS ' +
    'UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG',
  3: 'BHD IQD JOD KWD LYD OMR TND',
  4: 'CLF UYW',
}

const MINOR_UNITS = new Map(
  Object.entries(CODES).flatMap(([units, codes]) => codes.split(' ').map((code) => [code, Number(units)] as const)),
)

/**
 * The minor unit of an active ISO 4217 currency code (upper-case): the number of decimals an
 * amount in it may have. `undefined` for anything else.
 */
export function currencyMinorUnits(code: string): number | undefined {
  return MINOR_UNITS.get(code)
}
