/** `version` of package.json, or ONCOSCAN_APP_VERSION at build time. */
declare const __APP_VERSION__: string;

export const APP_VERSION: string = __APP_VERSION__;
