import { render, waitFor } from '@testing-library/react';
import app from './App';

describe('App', () => {
  it('should render', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    const rendered = render(app);

    await waitFor(() => {
      expect(rendered.baseElement).toBeInTheDocument();
    });
    // Not signed in yet: the guest sign-in page.
    expect(await rendered.findByText('Guest')).toBeInTheDocument();
    expect(rendered.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
  });
});
