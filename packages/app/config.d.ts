export interface Config {
  modelops?: {
    /**
     * Development-only sign-in as any example user (the example portal). Off unless enabled.
     */
    devSignIn?: {
      /**
       * Show the "sign in as an example user" choice (needs the backend's modelops-dev provider).
       * @visibility frontend
       */
      enabled?: boolean;
      /**
       * User entity names offered on the sign-in page.
       * @visibility frontend
       */
      users?: string[];
    };
  };
}
