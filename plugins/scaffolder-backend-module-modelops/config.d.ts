export interface Config {
  modelops?: {
    scaffolder?: {
      /**
       * Directory on the backend host where `modelops:publish:local` copies new model repositories
       * (example portals without a git host; pair it with a static catalog `file` location glob).
       * The action is disabled when this is not set.
       */
      localPublishDirectory?: string;
    };
  };
}
