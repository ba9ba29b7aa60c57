/** What the deployed site's `/config.json` holds (absent locally, where the dev issuer signs in). */
export type SiteConfig = {
  auth: 'cognito';
  region: string;
  userPoolId: string;
  clientId: string;
  /** `https://<prefix>.auth.<region>.amazoncognito.com`: /oauth2/authorize, /oauth2/token, /logout. */
  hostedUiDomain: string;
  /** The hosted UI's callback (authorization code, PKCE) and sign-out URL. */
  redirectUri: string;
  signOutUri: string;
};
