import { useState } from 'react';
import { Box, Button, Grid, Typography } from '@material-ui/core';
import {
  Content,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
  SignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  IdentityApi,
  useApi,
} from '@backstage/frontend-plugin-api';
import { SignInPageProps } from '@backstage/plugin-app-react';

/** localStorage key of the chosen identity: `guest` or an example user name. */
export const DEV_SIGN_IN_STORAGE_KEY = 'modelops.devSignIn.identity';
const DEV_SIGN_IN_HEADER = 'x-modelops-dev-user';

/** Forgets the chosen identity when the user signs out, so the chooser shows again. */
function forgetOnSignOut(identity: IdentityApi): IdentityApi {
  return {
    getProfileInfo: () => identity.getProfileInfo(),
    getBackstageIdentity: () => identity.getBackstageIdentity(),
    getCredentials: () => identity.getCredentials(),
    signOut: async () => {
      window.localStorage.removeItem(DEV_SIGN_IN_STORAGE_KEY);
      await identity.signOut();
    },
  };
}

/**
 * Sign-in page of the example portal. By default the guest sign-in, exactly as before. When
 * `modelops.devSignIn.enabled` is true (example portal only), it also offers to sign in as one of
 * the example users (`modelops.devSignIn.users`) through the backend's `modelops-dev` provider, so a
 * requester and approvers can be tried side by side (one browser profile or private window each).
 */
export function ExamplePortalSignInPage(props: SignInPageProps) {
  const config = useApi(configApiRef);
  const enabled =
    config.getOptionalBoolean('modelops.devSignIn.enabled') === true;
  const users = config.getOptionalStringArray('modelops.devSignIn.users') ?? [];
  const [choice, setChoice] = useState<string | null>(() =>
    enabled ? window.localStorage.getItem(DEV_SIGN_IN_STORAGE_KEY) : null,
  );

  if (!enabled) {
    return <SignInPage {...props} auto providers={['guest']} />;
  }

  const choose = (identity: string) => {
    window.localStorage.setItem(DEV_SIGN_IN_STORAGE_KEY, identity);
    setChoice(identity);
  };
  const reset = () => {
    window.localStorage.removeItem(DEV_SIGN_IN_STORAGE_KEY);
    setChoice(null);
  };

  if (choice) {
    const isGuest = choice === 'guest';
    return (
      <ProxiedSignInPage
        {...props}
        provider={isGuest ? 'guest' : 'modelops-dev'}
        headers={isGuest ? undefined : { [DEV_SIGN_IN_HEADER]: choice }}
        onSignInSuccess={identity =>
          props.onSignInSuccess(forgetOnSignOut(identity))
        }
        ErrorComponent={({ error }) => (
          <Page themeId="home">
            <Header title="Sign-in failed" />
            <Content>
              <Typography paragraph>
                Could not sign in as {choice}:{' '}
                {error?.message ?? 'unknown error'}
              </Typography>
              <Button variant="contained" color="primary" onClick={reset}>
                Choose another identity
              </Button>
            </Content>
          </Page>
        )}
      />
    );
  }

  return (
    <Page themeId="home">
      <Header
        title="ModelOps Portal"
        subtitle="Example portal of ModelOps for Backstage"
      />
      <Content>
        <Grid container spacing={3}>
          <Grid item xs={12} md={4}>
            <InfoCard title="Guest" subheader="The shared demo identity">
              <Typography paragraph>
                Sign in as user:default/guest, a visitor in no team: look
                around, request a promotion; approve nothing.
              </Typography>
              <Button
                variant="contained"
                color="primary"
                onClick={() => choose('guest')}
              >
                Enter
              </Button>
            </InfoCard>
          </Grid>
          <Grid item xs={12} md={8}>
            <InfoCard
              title="Example users (development only)"
              subheader="modelops.devSignIn.enabled is on: anyone can sign in as these users, without a password. Never enable this in a shared deployment (the backend refuses to start with it in production)."
            >
              <Typography paragraph>
                Try a promotion as a requester and its approvals as others: use
                one browser profile or private window per user.
              </Typography>
              <Box display="flex" flexWrap="wrap" style={{ gap: 8 }}>
                {users.map(user => (
                  <Button
                    key={user}
                    variant="outlined"
                    onClick={() => choose(user)}
                    data-testid={`dev-sign-in-${user}`}
                  >
                    Sign in as {user}
                  </Button>
                ))}
              </Box>
            </InfoCard>
          </Grid>
        </Grid>
      </Content>
    </Page>
  );
}
