import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { RelationTitleLabel } from './RelationTitleLabel';

describe('RelationTitleLabel', () => {
  it('labels merged edges with relation titles', async () => {
    await renderInTestApp(
      <svg>
        <RelationTitleLabel
          edge={{
            from: 'model:default/a',
            to: 'resource:default/b',
            relations: ['trainedOn', 'trainingDataOf'],
            label: 'visible',
          }}
        />
      </svg>,
    );
    expect(
      screen.getByText((_, el) => el?.tagName === 'text'),
    ).toHaveTextContent('trained on / training data of');
  });
});
