// The site's files, deployed last: the built web app and its `config.json` (what the sign-in page
// needs to use the hosted UI), which names the user pool client — so this stack comes after auth.
import { Stack, type StackProps } from 'aws-cdk-lib';
import type * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as deploy from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import type { SiteConfig } from '../../../shared/identity/site-config.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export type { SiteConfig };

export type SiteStackProps = StackProps & {
  siteDir: string;
  bucket: s3.IBucket;
  distribution: cloudfront.IDistribution;
  config: SiteConfig;
};

export class SiteStack extends Stack {
  constructor(scope: Construct, id: string, props: SiteStackProps) {
    super(scope, id, props);
    if (!existsSync(join(props.siteDir, 'index.html'))) {
      throw new Error(`${props.siteDir}/index.html is missing: build the web app first (npm run build)`);
    }
    const assetsDir = join(props.siteDir, 'assets');

    // 1. Hashed assets, cached for a year; old ones are pruned (only under assets/).
    const assets = existsSync(assetsDir)
      ? new deploy.BucketDeployment(this, 'Assets', {
          sources: [deploy.Source.asset(assetsDir)],
          destinationBucket: props.bucket,
          destinationKeyPrefix: 'assets/',
          cacheControl: [deploy.CacheControl.fromString('public, max-age=31536000, immutable')],
          prune: true,
        })
      : undefined;

    // 2. Then the rest (index.html, config.json, …), revalidated on every load, and CloudFront's
    //    cache cleared — after the assets, so a new index.html never names a missing file.
    const pages = new deploy.BucketDeployment(this, 'Pages', {
      sources: [deploy.Source.asset(props.siteDir, { exclude: ['assets', 'assets/**'] }), deploy.Source.jsonData('config.json', props.config)],
      destinationBucket: props.bucket,
      exclude: ['assets/*'],
      cacheControl: [deploy.CacheControl.noCache()],
      prune: true,
      distribution: props.distribution,
      distributionPaths: ['/*'],
    });
    if (assets) pages.node.addDependency(assets);

    // BucketDeployment's handler is one singleton function of aws-cdk-lib per stack.
    const handlers = this.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handlers.length !== 1) throw new Error('Expected the one BucketDeployment handler');
    NagSuppressions.addResourceSuppressions(handlers[0]!, [
      { id: 'AwsSolutions-IAM4', reason: "BucketDeployment's own handler (aws-cdk-lib) uses AWSLambdaBasicExecutionRole." },
      {
        id: 'AwsSolutions-IAM5',
        reason: "BucketDeployment's own handler (aws-cdk-lib) copies any object of the asset bucket to any key of the site bucket: wildcards by construction.",
      },
      { id: 'AwsSolutions-L1', reason: "BucketDeployment's own handler (aws-cdk-lib) chooses its runtime." },
    ], true);
  }
}
