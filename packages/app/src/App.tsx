import { createApp } from '@backstage/frontend-defaults';
import { createFrontendModule } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import { modelopsCatalogGraphModule } from '@modelops/plugin-modelops/alpha';
import { ExamplePortalSignInPage } from './components/signIn/ExamplePortalSignInPage';

/*
 * The example portal, on the new frontend system. Plugins are not listed here: `app.packages: all`
 * in app-config.yaml discovers every frontend plugin in this package's dependencies (catalog,
 * catalog-graph, scaffolder, org, api-docs, user-settings and @modelops/plugin-modelops), and
 * `app.extensions` configures them. Only what discovery cannot know is added by hand.
 */

/** Guest sign-in, plus "sign in as an example user" when modelops.devSignIn.enabled. */
const signInPage = SignInPageBlueprint.make({
  params: {
    loader: async () => props => <ExamplePortalSignInPage {...props} />,
  },
});

/** The app's own extensions. */
export const exampleAppModule = createFrontendModule({
  pluginId: 'app',
  extensions: [signInPage],
});

const app = createApp({
  features: [
    exampleAppModule,
    // catalog-graph learns the Model relations (trainedOn, servedBy, derivedFrom and reverses).
    modelopsCatalogGraphModule,
  ],
});

export default app.createRoot();
