import { Entity } from '@backstage/catalog-model';

/** A fully documented, high-risk model, as the catalog returns it (with relations). */
export const creditDefaultScorer: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: {
    name: 'credit-default-scorer',
    namespace: 'default',
    title: 'Credit Default Scorer',
    description: 'Estimates the 12-month probability of default of applicants.',
    tags: ['credit', 'xgboost'],
    links: [
      {
        url: 'https://mlflow.acme.example/#/models/credit-default-scorer',
        title: 'MLflow registry',
      },
      {
        url: 'https://docs.acme.example/mrm/validations/2026-041',
        title: 'MRM validation report 2026-041',
      },
    ],
    annotations: {
      'modelops.io/registry-url':
        'https://mlflow.acme.example/#/models/credit-default-scorer',
    },
  },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/credit-risk-ds',
    system: 'credit-decisioning',
    framework: 'xgboost',
    riskTier: 'high',
    euAiActCategory: 'high-risk',
    intendedUse:
      'Estimates the probability of default for unsecured personal loans.\n\nOne input to the credit decision engine.',
    limitations:
      'Thin-file applicants are under-represented.\n\nNot validated for secured lending.',
    trainingData: ['resource:default/loan-applications-2019-2025'],
    servedBy: ['component:default/credit-scoring-service'],
    dependsOn: ['resource:default/feature-store-online'],
    versions: [
      {
        version: '2.4.1',
        stage: 'archived',
        createdAt: '2024-10-02',
        metrics: { auc: 0.884, ks: 0.47 },
        artifact: 's3://acme-models/credit-default-scorer/2.4.1/model.xgb',
      },
      {
        version: '3.3.0',
        stage: 'staging',
        createdAt: '2026-11-03',
        metrics: { auc: 0.915, ks: 0.52, brier: 0.0531 },
        runUrl: 'https://mlflow.acme.example/#/experiments/12/runs/c4e8f0',
      },
      { version: '0.9.0-legacy', stage: 'archived' },
      {
        version: '3.2.0',
        stage: 'production',
        createdAt: '2026-09-14',
        metrics: { auc: 0.91234, ks: 0.51, brier: 0.054 },
        artifact: 's3://acme-models/credit-default-scorer/3.2.0/model.xgb',
        runUrl: 'https://mlflow.acme.example/#/experiments/12/runs/ab12cd',
      },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/credit-risk-ds' },
    { type: 'partOf', targetRef: 'system:default/credit-decisioning' },
    {
      type: 'trainedOn',
      targetRef: 'resource:default/loan-applications-2019-2025',
    },
    {
      type: 'servedBy',
      targetRef: 'component:default/credit-scoring-service',
    },
    { type: 'servedBy', targetRef: 'api:default/credit-scoring-api' },
    { type: 'dependsOn', targetRef: 'resource:default/feature-store-online' },
    {
      type: 'hasDerivative',
      targetRef: 'model:default/credit-default-scorer-uk',
    },
  ],
};

/** A minimal, low-risk model without limitations, versions or relations. */
export const supportAssistant: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'support-assistant-llm', namespace: 'default' },
  spec: {
    type: 'llm',
    lifecycle: 'experimental',
    owner: 'customer-care-ai',
    riskTier: 'low',
    euAiActCategory: 'limited',
    derivedFrom: 'support-base-llm',
  },
};

/** A medium-risk model of another team. */
export const churnPredictor: Entity = {
  apiVersion: 'modelops.io/v1alpha1',
  kind: 'Model',
  metadata: { name: 'customer-churn-emea', namespace: 'default' },
  spec: {
    type: 'classification',
    lifecycle: 'production',
    owner: 'group:default/retail-analytics',
    system: 'crm',
    riskTier: 'medium',
    euAiActCategory: 'minimal',
    versions: [
      { version: '1.0.0', stage: 'archived', createdAt: '2025-01-01' },
      { version: '1.1.0', stage: 'production', createdAt: '2025-06-01' },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/retail-analytics' },
    { type: 'partOf', targetRef: 'system:default/crm' },
  ],
};
